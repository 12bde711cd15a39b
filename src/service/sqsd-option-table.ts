/**
 * The numeric `aws:elasticbeanstalk:sqsd` options: EB's default and allowed range for each, by EB name.
 * One table for the EB bundle (which must not pin a value EB refuses) and the local daemon (which refuses
 * what EB would refuse); docs/eb-worker-settings.md lists them.
 */

type SqsdNumericOption =
  | 'HttpConnections'
  | 'ConnectTimeout'
  | 'InactivityTimeout'
  | 'VisibilityTimeout'
  | 'ErrorVisibilityTimeout'
  | 'RetentionPeriod'
  | 'MaxRetries';

type SqsdOptionSpec = { readonly default: number; readonly min: number; readonly max: number };

const SQSD_OPTION_TABLE: Readonly<Record<SqsdNumericOption, SqsdOptionSpec>> = {
  HttpConnections: { default: 50, min: 1, max: 100 },
  ConnectTimeout: { default: 5, min: 1, max: 60 },
  // 299 from the option table; the console page says 180 (docs/eb-worker-settings.md).
  InactivityTimeout: { default: 299, min: 1, max: 36_000 },
  VisibilityTimeout: { default: 300, min: 0, max: 43_200 },
  ErrorVisibilityTimeout: { default: 2, min: 0, max: 43_200 },
  RetentionPeriod: { default: 345_600, min: 60, max: 1_209_600 },
  MaxRetries: { default: 10, min: 1, max: 100 },
};

export type { SqsdNumericOption, SqsdOptionSpec };
export { SQSD_OPTION_TABLE };
