import { chunk } from '../core/chunk.js';
import type { SqsProvider } from './sqs-client.js';

/**
 * Sets the visibility timeout of failed messages (EB's ErrorVisibilityTimeout), so they are retried after
 * that delay rather than after the queue's full visibility timeout. Returns the messageIds SQS did not
 * change; never throws (a failure here only delays the retry, it loses nothing).
 */
async function changeVisibility(
  sqs: SqsProvider,
  queueUrl: string,
  entries: ReadonlyArray<{ messageId: string; receiptHandle: string }>,
  timeoutSeconds: number,
): Promise<{ failed: string[]; errors: string[] }> {
  const failed: string[] = [];
  const errors: string[] = [];
  if (entries.length === 0) return { failed, errors };
  try {
    const { sdk, client } = await sqs();
    for (const part of chunk(entries)) {
      // Batch entry ids must be unique and short; the index in the chunk is both.
      const byId = new Map(part.map((entry, index) => [String(index), entry.messageId]));
      try {
        const result = await client.send(
          new sdk.ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: part.map((entry, index) => ({
              Id: String(index),
              ReceiptHandle: entry.receiptHandle,
              VisibilityTimeout: timeoutSeconds,
            })),
          }),
        );
        for (const failure of result.Failed ?? []) {
          failed.push(byId.get(failure.Id ?? '') ?? '(unknown)');
          errors.push(`${failure.Code ?? 'Error'}: ${failure.Message ?? ''}`);
        }
      } catch (error) {
        failed.push(...part.map((entry) => entry.messageId));
        errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    }
  } catch (error) {
    failed.push(...entries.map((entry) => entry.messageId));
    errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  return { failed, errors };
}

export { changeVisibility };
