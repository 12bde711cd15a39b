import { isLogLevel, type LogLevel } from './core/logger.js';

/**
 * The one place that reads process.env. Invalid values fail at cold start with a message naming the
 * variable, instead of surfacing later as a confusing per-message error.
 */
type WorkerConfig = {
  /** DLQ for permanent failures. Unset: permanent failures are left for the queue's redrive policy. */
  deadLetterQueueUrl?: string;
  /** EB's ErrorVisibilityTimeout: seconds before a failed message is retried. Unset: the queue's timeout. */
  errorVisibilityTimeout?: number;
  /** Records (standard) or message groups (FIFO) processed at once within a batch. @defaultvalue 10 */
  concurrency: number;
  /** Stop starting new records this long before the Lambda timeout. @defaultvalue 2000 */
  stopMarginMs: number;
  /** SQS endpoint override (local tier, fauxqs); the SDK default otherwise. */
  sqsEndpoint?: string;
  logLevel: LogLevel;
  /** Metrics `Service` dimension. @defaultvalue 'worker-tier' */
  service: string;
};

type Env = Readonly<Record<string, string | undefined>>;

const integer = (env: Env, name: string, range: { min: number; max: number }): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(
      `${name} must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
};

const readWorkerConfig = (env: Env): WorkerConfig => {
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!isLogLevel(logLevel))
    throw new Error(`LOG_LEVEL must be debug, info, warn or error, got ${env.LOG_LEVEL}`);
  return {
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL || undefined,
    // SQS accepts 0..43200 for ChangeMessageVisibility, as EB does for ErrorVisibilityTimeout.
    errorVisibilityTimeout: integer(env, 'ERROR_VISIBILITY_TIMEOUT', { min: 0, max: 43_200 }),
    concurrency: integer(env, 'WORKER_CONCURRENCY', { min: 1, max: 10_000 }) ?? 10,
    stopMarginMs: integer(env, 'STOP_MARGIN_MS', { min: 0, max: 900_000 }) ?? 2000,
    sqsEndpoint: env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL || undefined,
    logLevel,
    service: env.SERVICE_NAME || 'worker-tier',
  };
};

export type { WorkerConfig };
export { readWorkerConfig };
