import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sleep } from '../clock.js';
import type { LocalLogger } from '../logger.js';
import { type QueueRef, releaseMessages } from '../sqs/batch-ops.js';

/** How one poller gathers a batch; see `EventSourceMappingOptions` for the meaning of each. */
type CollectOptions = {
  batchSize: number;
  batchingWindowMs: number;
  waitTimeSeconds: number;
  /** Invoke payload cap; records that would push the batch past it are released. */
  maxPayloadBytes: number;
  /** Serialised size of the record a message becomes. */
  sizeOf: (message: Message) => number;
};

async function receiveOnce(
  client: SQSClient,
  queue: QueueRef,
  max: number,
  waitTimeSeconds: number,
  signal: AbortSignal,
): Promise<Message[]> {
  const result = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: Math.min(10, max),
      WaitTimeSeconds: waitTimeSeconds,
      // Lambda asks for everything; the record carries all system and message attributes.
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: signal },
  );
  return result.Messages ?? [];
}

/**
 * Gather one batch the way a Lambda SQS poller does: long-poll until something arrives, then,
 * with a batching window, keep receiving until `batchSize` records, the window (counted from
 * the first record) or the payload cap is reached. Without a window the first non-empty
 * receive is the batch.
 *
 * Returns `[]` when `signal` aborts before anything was received. Once messages are in hand
 * an abort or a failed receive ends the gathering early instead of dropping them: they are
 * invisible already and must be invoked. Throws only when the first receive fails.
 */
async function collectBatch(
  client: SQSClient,
  queue: QueueRef,
  options: CollectOptions,
  signal: AbortSignal,
  logger: LocalLogger,
): Promise<Message[]> {
  const batch: Message[] = [];
  const overflow: Message[] = [];
  let payloadBytes = 0;
  let windowEnds: number | undefined;
  while (batch.length < options.batchSize && overflow.length === 0 && !signal.aborted) {
    let wait = options.waitTimeSeconds;
    if (windowEnds !== undefined) {
      const remainingMs = windowEnds - Date.now();
      if (remainingMs <= 0) break;
      wait = Math.min(20, Math.floor(remainingMs / 1000));
    }
    let received: Message[];
    try {
      received = await receiveOnce(client, queue, options.batchSize - batch.length, wait, signal);
    } catch (error) {
      if (batch.length === 0 && !signal.aborted) throw error;
      if (!signal.aborted)
        logger.warn('ReceiveMessage failed while filling a batch', { queue: queue.name, error });
      break;
    }
    for (const message of received) {
      const size = options.sizeOf(message);
      if (batch.length > 0 && payloadBytes + size > options.maxPayloadBytes) overflow.push(message);
      else {
        batch.push(message);
        payloadBytes += size;
      }
    }
    if (batch.length > 0 && options.batchingWindowMs === 0) break;
    if (batch.length > 0 && windowEnds === undefined) windowEnds = Date.now() + options.batchingWindowMs;
    // Inside the window's last second WaitTimeSeconds is 0: pace the short polls.
    if (received.length === 0 && wait === 0 && windowEnds !== undefined) {
      await sleep(Math.min(100, Math.max(0, windowEnds - Date.now())), signal);
    }
  }
  if (overflow.length > 0) {
    const refs = overflow.map((m) => ({
      messageId: m.MessageId ?? '?',
      receiptHandle: m.ReceiptHandle ?? '',
    }));
    await releaseMessages(client, queue, refs, logger);
  }
  return batch;
}

export type { CollectOptions };
export { collectBatch };
