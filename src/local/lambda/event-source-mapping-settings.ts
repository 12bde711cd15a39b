import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseQueueArn, type QueueArn } from '../../core/queue-arn.js';
import { LocalTierError } from '../local-tier-error.js';
import type { EventSourceMappingOptions } from './event-source-mapping-types.js';

/** Options with defaults applied and ranges checked. */
type MappingSettings = {
  batchSize: number;
  batchingWindowSeconds: number;
  maximumConcurrency: number;
  reportBatchItemFailures: boolean;
  waitTimeSeconds: number;
  maxPayloadBytes: number;
  timeoutSeconds: number;
};

/** What the mapping learns about its queue at start. */
type QueueFacts = { name: string; fifo: boolean; visibilityTimeout: number };

const SIX_MIB = 6 * 1024 * 1024;

function checkRange(label: string, value: number, min: number, max: number, integer = true): void {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `${label} must be ${integer ? 'an integer ' : ''}between ${min} and ${max}, got ${value}`,
    );
  }
}

/**
 * Apply defaults and the range checks Lambda's CreateEventSourceMapping performs, so a
 * configuration that runs locally does not fail at deploy time.
 */
function resolveSettings(options: EventSourceMappingOptions): MappingSettings {
  const where = `event source mapping ${options.function.name} <- ${options.queueUrl}`;
  const settings: MappingSettings = {
    batchSize: options.batchSize ?? 10,
    batchingWindowSeconds: options.maximumBatchingWindow ?? 0,
    maximumConcurrency: options.maximumConcurrency ?? 2,
    reportBatchItemFailures: options.reportBatchItemFailures ?? false,
    waitTimeSeconds: options.waitTimeSeconds ?? 20,
    maxPayloadBytes: options.maxPayloadBytes ?? SIX_MIB,
    timeoutSeconds: options.function.timeout ?? 6,
  };
  try {
    checkRange('batchSize', settings.batchSize, 1, 10_000);
    checkRange('maximumBatchingWindow', settings.batchingWindowSeconds, 0, 300);
    checkRange('maximumConcurrency', settings.maximumConcurrency, 2, 1000);
    checkRange('waitTimeSeconds', settings.waitTimeSeconds, 0, 20);
    checkRange('function timeout', settings.timeoutSeconds, 0.001, 900, false);
    checkRange('maxPayloadBytes', settings.maxPayloadBytes, 1, Number.MAX_SAFE_INTEGER);
    if (settings.batchSize > 10 && settings.batchingWindowSeconds < 1) {
      throw new RangeError('batchSize above 10 requires maximumBatchingWindow of at least 1 second');
    }
  } catch (error) {
    throw new RangeError(`Invalid ${where}: ${(error as Error).message}`);
  }
  return settings;
}

/** The checks Lambda makes against the queue itself. */
function checkAgainstQueue(settings: MappingSettings, queue: QueueFacts, functionName: string): void {
  const where = `event source mapping ${functionName} <- ${queue.name}`;
  if (queue.fifo && settings.batchSize > 10) {
    throw new RangeError(
      `Invalid ${where}: batchSize for a FIFO queue is at most 10, got ${settings.batchSize}`,
    );
  }
  if (queue.fifo && settings.batchingWindowSeconds > 0) {
    throw new RangeError(`Invalid ${where}: maximumBatchingWindow is not supported for FIFO queues`);
  }
  if (settings.timeoutSeconds > queue.visibilityTimeout) {
    // Lambda refuses this mapping: a batch could reappear while it is still being processed.
    throw new RangeError(
      `Invalid ${where}: queue visibility timeout ${queue.visibilityTimeout}s is less than function timeout ${settings.timeoutSeconds}s`,
    );
  }
}

/** Read the queue's ARN, type and visibility timeout (what Lambda checks a mapping against). */
async function readQueueFacts(
  client: SQSClient,
  queueUrl: string,
): Promise<{ identity: QueueArn; facts: QueueFacts }> {
  let attributes: Record<string, string> | undefined;
  try {
    ({ Attributes: attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['QueueArn', 'FifoQueue', 'VisibilityTimeout'],
      }),
    ));
  } catch (error) {
    throw new LocalTierError(`Cannot read attributes of queue ${queueUrl}`, { cause: error });
  }
  const identity = parseQueueArn(attributes?.QueueArn ?? '');
  const facts: QueueFacts = {
    name: identity.name,
    fifo: attributes?.FifoQueue === 'true',
    visibilityTimeout: Number(attributes?.VisibilityTimeout ?? 30),
  };
  return { identity, facts };
}

export type { MappingSettings, QueueFacts };
export { checkAgainstQueue, readQueueFacts, resolveSettings };
