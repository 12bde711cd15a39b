import { randomUUID } from 'node:crypto';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunk } from '../../core/chunk.js';
import { LocalTierError } from '../local-tier-error.js';

type SendPlan = {
  queueUrl: string;
  /** Body of copy `index` (0-based). */
  body: (index: number) => string;
  count: number;
  /** FIFO MessageGroupId; each copy also gets a unique MessageDeduplicationId. */
  groupId?: string;
  /** Called after every batch with the number sent so far. */
  onProgress?: (sent: number) => void;
  /** Batches in flight at once on a standard queue (FIFO sends one at a time to keep order). @defaultValue 8 */
  parallel?: number;
};

/** Nothing listens where the endpoint points (the SDK reports ECONNREFUSED, possibly nested). */
function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (code === 'ECONNREFUSED') return true;
  if (Array.isArray(errors) && errors.some((e) => isConnectionRefused(e, depth + 1))) return true;
  return isConnectionRefused(cause, depth + 1);
}

/**
 * Send `count` messages with SendMessageBatch (10 entries per call, SQS's maximum). Returns the message
 * ids in send order. Throws on the first failed entry, naming it.
 */
async function sendMessages(client: SQSClient, plan: SendPlan): Promise<string[]> {
  const fifo = plan.queueUrl.endsWith('.fifo');
  const run = randomUUID().slice(0, 8);
  const indexes = Array.from({ length: plan.count }, (_, index) => index);
  const batches = chunk(indexes).map((part) =>
    part.map(
      (index): SendMessageBatchRequestEntry => ({
        Id: `m${index}`,
        MessageBody: plan.body(index),
        MessageGroupId: plan.groupId,
        // Copies must not be deduplicated against each other (or against an earlier run).
        MessageDeduplicationId: fifo ? `${run}-${index}` : undefined,
      }),
    ),
  );
  const ids: string[] = new Array(plan.count);
  let sent = 0;
  const sendBatch = async (entries: SendMessageBatchRequestEntry[]) => {
    const result = await client.send(
      new SendMessageBatchCommand({ QueueUrl: plan.queueUrl, Entries: entries }),
    );
    const [failure] = result.Failed ?? [];
    if (failure !== undefined) {
      throw new LocalTierError(
        `SendMessageBatch entry ${failure.Id} to ${plan.queueUrl} failed: ${failure.Code} ${failure.Message ?? ''}`,
      );
    }
    for (const ok of result.Successful ?? []) ids[Number(ok.Id?.slice(1))] = ok.MessageId ?? '';
    sent += entries.length;
    plan.onProgress?.(sent);
  };
  const parallel = fifo ? 1 : (plan.parallel ?? 8);
  let next = 0;
  const worker = async () => {
    for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) await sendBatch(batch);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, batches.length) }, worker));
  return ids;
}

export type { SendPlan };
export { isConnectionRefused, sendMessages };
