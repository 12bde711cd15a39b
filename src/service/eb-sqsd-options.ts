import type { ServiceFunction, ServiceQueue, SqsEventModel } from './service-model.js';
import { ServiceModelError } from './service-model-error.js';
import { SQSD_OPTION_TABLE, type SqsdNumericOption } from './sqsd-option-table.js';

/** The `aws:elasticbeanstalk:sqsd` option settings the worker pins, by EB name. */
type EbSqsdOptions = {
  readonly VisibilityTimeout: number;
  readonly ErrorVisibilityTimeout: number;
  readonly InactivityTimeout: number;
  readonly RetentionPeriod: number;
  readonly MaxRetries: number;
  readonly HttpConnections: number;
  readonly HttpPath: string;
  readonly MimeType: string;
};

/** The function whose sqs event sqsd replaces, and the queue that event reads. */
type WorkerBinding = { fn: ServiceFunction; event: SqsEventModel; queue: ServiceQueue };

type DerivedOption = Exclude<SqsdNumericOption, 'ConnectTimeout'>;

function required(value: number | undefined, where: string): number {
  if (value === undefined) throw new ServiceModelError(`${where} is missing`);
  return value;
}

/** Accepts 30 and '30': environment values print as strings. */
function environmentInteger(value: unknown, where: string): number {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number)) return number;
  throw new ServiceModelError(
    `${where} is ${value === undefined ? 'missing' : `not an integer (${JSON.stringify(value)})`}`,
  );
}

/**
 * sqsd settings that make the EB worker behave like the Lambda deployment (docs/eb-worker-settings.md has
 * the mapping), each checked against the range EB accepts so a bad value fails here, not at deploy time.
 * @throws ServiceModelError naming the serverless.yml value at fault.
 */
function deriveSqsdOptions({ fn, event, queue }: WorkerBinding): EbSqsdOptions {
  const queueWhere = `resources.Resources.${queue.logicalId}.Properties`;
  const visibilityTimeout = required(queue.visibilityTimeout, `${queueWhere}.VisibilityTimeout`);
  const maximumConcurrency = required(
    event.maximumConcurrency,
    `functions.${fn.key} sqs event maximumConcurrency`,
  );
  if (maximumConcurrency < 1) {
    throw new ServiceModelError(`maximumConcurrency ${maximumConcurrency} must be at least 1`);
  }
  const options: EbSqsdOptions = {
    VisibilityTimeout: visibilityTimeout,
    ErrorVisibilityTimeout: environmentInteger(
      fn.environment.ERROR_VISIBILITY_TIMEOUT,
      `ERROR_VISIBILITY_TIMEOUT in functions.${fn.key}.environment or provider.environment`,
    ),
    // Must end before the visibility timeout, or a slow request is redelivered while still running.
    InactivityTimeout: Math.min(visibilityTimeout - 1, SQSD_OPTION_TABLE.InactivityTimeout.max),
    RetentionPeriod: required(queue.messageRetentionPeriod, `${queueWhere}.MessageRetentionPeriod`),
    MaxRetries: required(queue.redrive?.maxReceiveCount, `${queueWhere}.RedrivePolicy`),
    // Lambda's cap is per queue across the fleet, sqsd's per instance; it is the closest knob, capped at 100.
    HttpConnections: Math.min(maximumConcurrency, SQSD_OPTION_TABLE.HttpConnections.max),
    HttpPath: '/',
    MimeType: 'application/json',
  };
  checkRanges(options, sources(fn.key, queue.logicalId));
  return options;
}

/** Where each value comes from in serverless.yml, so a range error points at the line to change. */
function sources(functionKey: string, queue: string): Record<DerivedOption, string> {
  return {
    VisibilityTimeout: `${queue} VisibilityTimeout`,
    ErrorVisibilityTimeout: `the ${functionKey} environment ERROR_VISIBILITY_TIMEOUT`,
    InactivityTimeout: `${queue} VisibilityTimeout - 1`,
    RetentionPeriod: `${queue} MessageRetentionPeriod`,
    MaxRetries: `${queue} RedrivePolicy.maxReceiveCount`,
    HttpConnections: `the ${functionKey} sqs event maximumConcurrency`,
  };
}

function checkRanges(options: EbSqsdOptions, from: Record<DerivedOption, string>): void {
  for (const [option, source] of Object.entries(from) as [DerivedOption, string][]) {
    const { min, max } = SQSD_OPTION_TABLE[option];
    const value = options[option];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ServiceModelError(
        `sqsd ${option} would be ${value} (from ${source}), outside the allowed ${min}-${max}`,
      );
    }
  }
}

export type { EbSqsdOptions, WorkerBinding };
export { deriveSqsdOptions };
