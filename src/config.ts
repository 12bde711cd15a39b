import { isLogLevel, type LogLevel } from './core/logger.js';
import type { UnknownTaskPolicy } from './core/process-delivery.js';
import { type Env, envInteger } from './env-integer.js';

/**
 * The one place that reads process.env. Invalid values fail at cold start with a message naming the
 * variable, instead of surfacing later as a confusing per-message error.
 */
type WorkerConfig = {
  /** DLQ for permanent failures. Unset: permanent failures are left for the queue's redrive policy. */
  deadLetterQueueUrl?: string;
  /** EB's ErrorVisibilityTimeout: seconds before a failed message is retried. Unset: the queue's timeout. */
  errorVisibilityTimeout?: number;
  /** Records (standard) or message groups (FIFO) processed at once within a batch. @defaultValue 10 */
  concurrency: number;
  /** Stop starting new records this long before the Lambda timeout. @defaultValue 2000 */
  stopMarginMs: number;
  /** SQS endpoint override (local tier, fauxqs); the SDK default otherwise. */
  sqsEndpoint?: string;
  logLevel: LogLevel;
  /** Metrics `Service` dimension. @defaultValue 'worker-tier' */
  service: string;
  /**
   * UNKNOWN_TASK_POLICY: a message whose `type` no task has is dead-lettered (`dead-letter`), or logged at
   * warn and deleted as the EB Flask app did (`delete`). README "Migration differences". @defaultValue 'dead-letter'
   */
  unknownTaskPolicy: UnknownTaskPolicy;
};

const UNKNOWN_TASK_POLICIES: readonly UnknownTaskPolicy[] = ['dead-letter', 'delete'];

function unknownTaskPolicy(env: Env): UnknownTaskPolicy {
  const raw = env.UNKNOWN_TASK_POLICY || 'dead-letter';
  const policy = UNKNOWN_TASK_POLICIES.find((known) => known === raw);
  if (!policy) {
    throw new Error(`UNKNOWN_TASK_POLICY must be dead-letter or delete, got ${JSON.stringify(raw)}`);
  }
  return policy;
}

function readWorkerConfig(env: Env): WorkerConfig {
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!isLogLevel(logLevel))
    throw new Error(`LOG_LEVEL must be debug, info, warn or error, got ${env.LOG_LEVEL}`);
  return {
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL || undefined,
    // SQS accepts 0..43200 for ChangeMessageVisibility, as EB does for ErrorVisibilityTimeout.
    errorVisibilityTimeout: envInteger(env, 'ERROR_VISIBILITY_TIMEOUT', { min: 0, max: 43_200 }),
    concurrency: envInteger(env, 'WORKER_CONCURRENCY', { min: 1, max: 10_000 }) ?? 10,
    stopMarginMs: envInteger(env, 'STOP_MARGIN_MS', { min: 0, max: 900_000 }) ?? 2000,
    sqsEndpoint: env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL || undefined,
    logLevel,
    service: env.SERVICE_NAME || 'worker-tier',
    unknownTaskPolicy: unknownTaskPolicy(env),
  };
}

export type { WorkerConfig };
export { readWorkerConfig };
