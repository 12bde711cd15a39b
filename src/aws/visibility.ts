import { chunk } from '../core/chunk.js';
import { describeThrown } from '../core/describe-thrown.js';
import type { SqsProvider } from './sqs-client.js';

/**
 * Calls in flight at once. 10,000 failed records make 1,000 calls: one at a time at 20 ms each they
 * outlast any stop margin, ten at a time they take about 2 s. Kept below the SDK's 50 sockets.
 */
const CONCURRENCY = 10;

type VisibilityEntry = { messageId: string; receiptHandle: string };

type VisibilityResult = {
  /** SQS refused these (or the call failed): they retry after the queue's visibility timeout. */
  failed: string[];
  errors: string[];
  /** Not attempted or abandoned because the deadline came: they retry after the queue's visibility timeout. */
  skipped: string[];
};

type VisibilityOptions = {
  /** When it aborts, calls in flight are abandoned and the rest are skipped. */
  signal?: AbortSignal;
  /** @defaultValue 10 */
  concurrency?: number;
};

/**
 * Sets the visibility timeout of failed messages (EB's ErrorVisibilityTimeout), so they are retried after
 * that delay rather than after the queue's full visibility timeout. Calls run `concurrency` at a time
 * and stop at the signal. Never throws: a failure or a skip here only delays the retry, it loses nothing.
 */
async function changeVisibility(
  sqs: SqsProvider,
  queueUrl: string,
  entries: readonly VisibilityEntry[],
  timeoutSeconds: number,
  options: VisibilityOptions = {},
): Promise<VisibilityResult> {
  const result: VisibilityResult = { failed: [], errors: [], skipped: [] };
  if (entries.length === 0) return result;
  const { signal } = options;
  let client: Awaited<ReturnType<SqsProvider>>;
  try {
    client = await sqs();
  } catch (error) {
    result.failed.push(...entries.map((entry) => entry.messageId));
    result.errors.push(describeThrown(error));
    return result;
  }
  const chunks = chunk(entries);
  const sendChunk = async (part: VisibilityEntry[]) => {
    const ids = part.map((entry) => entry.messageId);
    const idOf = (entryId: string | undefined) =>
      entryId !== undefined && /^\d$/.test(entryId) ? ids[Number(entryId)] : undefined;
    if (signal?.aborted) {
      result.skipped.push(...ids);
      return;
    }
    try {
      const response = await client.client.send(
        new client.sdk.ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          // Batch entry ids must be unique and short; the index in the chunk is both.
          Entries: part.map((entry, index) => ({
            Id: String(index),
            ReceiptHandle: entry.receiptHandle,
            VisibilityTimeout: timeoutSeconds,
          })),
        }),
        { abortSignal: signal },
      );
      for (const failure of response.Failed ?? []) {
        result.failed.push(idOf(failure.Id) ?? '(unknown)');
        result.errors.push(`${failure.Code ?? 'Error'}: ${failure.Message ?? ''}`);
      }
    } catch (error) {
      if (signal?.aborted) {
        result.skipped.push(...ids);
        return;
      }
      result.failed.push(...ids);
      result.errors.push(describeThrown(error));
    }
  };
  let next = 0;
  const lane = async () => {
    for (let part = chunks[next++]; part !== undefined; part = chunks[next++]) await sendChunk(part);
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? CONCURRENCY, chunks.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return result;
}

export type { VisibilityEntry, VisibilityOptions, VisibilityResult };
export { changeVisibility };
