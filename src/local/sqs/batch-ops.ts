import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunk } from '../../core/chunk.js';
import type { LocalLogger } from '../logger.js';

/** The two fields of a received message these operations need. */
type ReceivedRef = { messageId: string; receiptHandle: string };
type QueueRef = { url: string; name: string };
/** Per-message result of a batch call: which messages it applied to, and why the others failed. */
type BatchOpOutcome = { succeeded: string[]; failed: { messageId: string; reason: string }[] };

/**
 * Run one SQS batch API over `refs` in chunks of 10, mapping per-entry failures (and failed
 * calls) back to messageIds and logging each with the queue name.
 */
async function runInChunks(
  action: string,
  queue: QueueRef,
  refs: readonly ReceivedRef[],
  logger: LocalLogger,
  send: (entries: { Id: string; ReceiptHandle: string }[]) => Promise<{
    Successful?: { Id?: string }[];
    Failed?: { Id?: string; Code?: string; Message?: string }[];
  }>,
): Promise<BatchOpOutcome> {
  const outcome: BatchOpOutcome = { succeeded: [], failed: [] };
  for (const part of chunk(refs)) {
    // Entry ids are positions: receipt handles are too long and messageIds are not ours to trust.
    const entries = part.map((ref, index) => ({ Id: `e${index}`, ReceiptHandle: ref.receiptHandle }));
    const messageIdOf = (id: string | undefined): string => part[Number(id?.slice(1))]?.messageId ?? `?${id}`;
    try {
      const result = await send(entries);
      for (const ok of result.Successful ?? []) outcome.succeeded.push(messageIdOf(ok.Id));
      for (const failed of result.Failed ?? []) {
        const reason = `${failed.Code ?? 'Unknown'}: ${failed.Message ?? ''}`.trim();
        const messageId = messageIdOf(failed.Id);
        outcome.failed.push({ messageId, reason });
        logger.error(`${action} failed for a message`, { queue: queue.name, messageId, reason });
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const ref of part) outcome.failed.push({ messageId: ref.messageId, reason });
      logger.error(`${action} call failed`, {
        queue: queue.name,
        messageIds: part.map((r) => r.messageId),
        reason,
      });
    }
  }
  return outcome;
}

/** Delete messages with DeleteMessageBatch (≤ 10 per call). Never throws. */
function deleteMessages(
  client: SQSClient,
  queue: QueueRef,
  refs: readonly ReceivedRef[],
  logger: LocalLogger,
): Promise<BatchOpOutcome> {
  return runInChunks('DeleteMessageBatch', queue, refs, logger, (Entries) =>
    client.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries })),
  );
}

/** Make received messages visible again at once (visibility timeout 0). Never throws. */
function releaseMessages(
  client: SQSClient,
  queue: QueueRef,
  refs: readonly ReceivedRef[],
  logger: LocalLogger,
): Promise<BatchOpOutcome> {
  return runInChunks('ChangeMessageVisibilityBatch', queue, refs, logger, (entries) =>
    client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queue.url,
        Entries: entries.map((entry) => ({ ...entry, VisibilityTimeout: 0 })),
      }),
    ),
  );
}

export type { BatchOpOutcome, QueueRef, ReceivedRef };
export { deleteMessages, releaseMessages };
