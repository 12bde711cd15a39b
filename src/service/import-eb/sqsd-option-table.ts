/**
 * The `aws:elasticbeanstalk:sqsd` options an EB worker environment accepts, with EB's defaults and allowed
 * ranges (docs/import-eb.md lists them with their meaning). An option an app does not set takes the default,
 * because that is what its environment ran with.
 */
type SqsdOption =
  | 'WorkerQueueURL'
  | 'HttpPath'
  | 'MimeType'
  | 'HttpConnections'
  | 'ConnectTimeout'
  | 'InactivityTimeout'
  | 'VisibilityTimeout'
  | 'ErrorVisibilityTimeout'
  | 'RetentionPeriod'
  | 'MaxRetries';

type NumericSqsdOption = Exclude<SqsdOption, 'WorkerQueueURL' | 'HttpPath' | 'MimeType'>;

type NumericSpec = { readonly default: number; readonly min: number; readonly max: number };

const SQSD_NAMESPACE = 'aws:elasticbeanstalk:sqsd';

const NUMERIC_SQSD_OPTIONS: Readonly<Record<NumericSqsdOption, NumericSpec>> = {
  HttpConnections: { default: 50, min: 1, max: 100 },
  ConnectTimeout: { default: 5, min: 1, max: 60 },
  // The options table says 299; one console page says 180. The table is what the API applies.
  InactivityTimeout: { default: 299, min: 1, max: 36_000 },
  VisibilityTimeout: { default: 300, min: 0, max: 43_200 },
  ErrorVisibilityTimeout: { default: 2, min: 0, max: 43_200 },
  RetentionPeriod: { default: 345_600, min: 60, max: 1_209_600 },
  MaxRetries: { default: 10, min: 1, max: 100 },
};

const TEXT_SQSD_DEFAULTS: Readonly<Record<Exclude<SqsdOption, NumericSqsdOption>, string | undefined>> = {
  // Absent: EB creates a standard queue for the environment.
  WorkerQueueURL: undefined,
  HttpPath: '/',
  MimeType: 'application/json',
};

function isSqsdOption(name: string): name is SqsdOption {
  return Object.hasOwn(NUMERIC_SQSD_OPTIONS, name) || Object.hasOwn(TEXT_SQSD_DEFAULTS, name);
}

function isNumericSqsdOption(name: SqsdOption): name is NumericSqsdOption {
  return Object.hasOwn(NUMERIC_SQSD_OPTIONS, name);
}

export type { NumericSqsdOption, SqsdOption };
export { isNumericSqsdOption, isSqsdOption, NUMERIC_SQSD_OPTIONS, SQSD_NAMESPACE, TEXT_SQSD_DEFAULTS };
