import { EbBundleError } from './eb-bundle-error.js';
import type { WorkerService } from './read-service.js';

/** The `aws:elasticbeanstalk:sqsd` option settings this bundle pins (docs/sqsd-behaviour.md#options). */
interface SqsdOptions {
  readonly VisibilityTimeout: number;
  readonly ErrorVisibilityTimeout: number;
  readonly InactivityTimeout: number;
  readonly RetentionPeriod: number;
  readonly MaxRetries: number;
  readonly HttpConnections: number;
  readonly HttpPath: string;
  readonly MimeType: string;
}

type NumericOption = {
  [K in keyof SqsdOptions]: SqsdOptions[K] extends number ? K : never;
}[keyof SqsdOptions];

/** Allowed ranges from the EB option table (docs/sqsd-behaviour.md#options). */
const RANGES: Readonly<Record<NumericOption, readonly [number, number]>> = {
  VisibilityTimeout: [0, 43_200],
  ErrorVisibilityTimeout: [0, 43_200],
  InactivityTimeout: [1, 36_000],
  RetentionPeriod: [60, 1_209_600],
  MaxRetries: [1, 100],
  HttpConnections: [1, 100],
};

/** Where each value comes from in serverless.yml, so a range error points at the line to change. */
const SOURCES: Readonly<Record<NumericOption, string>> = {
  VisibilityTimeout: 'WorkQueue VisibilityTimeout',
  ErrorVisibilityTimeout: 'the worker environment ERROR_VISIBILITY_TIMEOUT',
  InactivityTimeout: 'WorkQueue VisibilityTimeout - 1',
  RetentionPeriod: 'WorkQueue MessageRetentionPeriod',
  MaxRetries: 'WorkQueue RedrivePolicy.maxReceiveCount',
  HttpConnections: 'the worker sqs event maximumConcurrency',
};

/**
 * Derives sqsd settings that make the EB worker behave like the Lambda deployment, and checks each against
 * the documented range.
 */
function buildSqsdOptions({ queue, worker }: WorkerService): SqsdOptions {
  if (worker.maximumConcurrency < 1) {
    throw new EbBundleError(`maximumConcurrency ${worker.maximumConcurrency} must be at least 1`);
  }
  const options: SqsdOptions = {
    VisibilityTimeout: queue.visibilityTimeout,
    ErrorVisibilityTimeout: worker.errorVisibilityTimeout,
    // Must end before the visibility timeout, or a slow request is redelivered while still running
    // (docs/sqsd-behaviour.md#timeouts).
    InactivityTimeout: Math.min(queue.visibilityTimeout - 1, RANGES.InactivityTimeout[1]),
    RetentionPeriod: queue.messageRetentionPeriod,
    MaxRetries: queue.maxReceiveCount,
    // Lambda's cap is per queue across the fleet, sqsd's per instance; it is the closest knob, clamped to 1-100.
    HttpConnections: Math.min(Math.max(worker.maximumConcurrency, 1), RANGES.HttpConnections[1]),
    HttpPath: '/',
    MimeType: 'application/json',
  };
  for (const [option, [min, max]] of Object.entries(RANGES) as [NumericOption, readonly [number, number]][]) {
    const value = options[option];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new EbBundleError(
        `sqsd ${option} would be ${value} (from ${SOURCES[option]}), outside the allowed ${min}-${max}`,
      );
    }
  }
  return options;
}

export type { SqsdOptions };
export { buildSqsdOptions, RANGES as SQSD_OPTION_RANGES };
