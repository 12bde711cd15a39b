import { randomUUID } from 'node:crypto';
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
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
 * Some messages were not accepted: the endpoint went away, or SQS refused entries. `accepted` counts
 * the entries SQS confirmed (they are on the queue); the rest were refused, lost with a batch whose call
 * failed (SQS may or may not hold those: nothing confirmed them), or never sent.
 */
class SendIncompleteError extends LocalTierError {
  override readonly name = 'SendIncompleteError';
  readonly queueUrl: string;
  readonly requested: number;
  /** Ids of the accepted messages, in send order (holes for the others). */
  readonly ids: string[];
  readonly accepted: number;
  /** Entries in a call that failed as a whole: not confirmed, possibly on the queue. */
  readonly unconfirmed: number;
  /** Entries SQS answered as failed. */
  readonly refused: number;
  readonly notSent: number;

  constructor(
    plan: { queueUrl: string; count: number },
    counts: { ids: string[]; accepted: number; unconfirmed: number; refused: number },
    cause: unknown,
  ) {
    const notSent = plan.count - counts.accepted - counts.unconfirmed - counts.refused;
    const parts = [
      counts.refused > 0 ? `${counts.refused} refused by SQS` : '',
      counts.unconfirmed > 0 ? `${counts.unconfirmed} in calls that failed (not confirmed)` : '',
      notSent > 0 ? `${notSent} not sent` : '',
    ].filter(Boolean);
    super(
      `${counts.accepted} of ${plan.count} messages accepted by ${plan.queueUrl}; ` +
        `${plan.count - counts.accepted} not accepted (${parts.join(', ')})`,
      { cause, queue: plan.queueUrl },
    );
    this.queueUrl = plan.queueUrl;
    this.requested = plan.count;
    this.ids = counts.ids;
    this.accepted = counts.accepted;
    this.unconfirmed = counts.unconfirmed;
    this.refused = counts.refused;
    this.notSent = notSent;
  }
}

/**
 * Send `count` messages with SendMessageBatch (10 entries per call, SQS's maximum). Returns the message
 * ids in send order. On the first failure no further batch starts; the calls already under way finish,
 * and a SendIncompleteError says how many were accepted and how many were not.
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
  const counts = { ids, accepted: 0, unconfirmed: 0, refused: 0 };
  let firstError: unknown;
  const sendBatch = async (entries: SendMessageBatchRequestEntry[]) => {
    let result: SendMessageBatchCommandOutput;
    try {
      result = await client.send(new SendMessageBatchCommand({ QueueUrl: plan.queueUrl, Entries: entries }));
    } catch (error) {
      counts.unconfirmed += entries.length;
      firstError ??= error;
      return;
    }
    for (const ok of result.Successful ?? []) ids[Number(ok.Id?.slice(1))] = ok.MessageId ?? '';
    counts.accepted += result.Successful?.length ?? 0;
    const [failure] = result.Failed ?? [];
    if (failure !== undefined) {
      counts.refused += result.Failed?.length ?? 0;
      firstError ??= new LocalTierError(
        `SendMessageBatch entry ${failure.Id} to ${plan.queueUrl} failed: ${failure.Code} ${failure.Message ?? ''}`,
      );
    }
    plan.onProgress?.(counts.accepted);
  };
  const parallel = fifo ? 1 : (plan.parallel ?? 8);
  let next = 0;
  const worker = async () => {
    for (
      let batch = batches[next++];
      batch !== undefined && firstError === undefined;
      batch = batches[next++]
    ) {
      await sendBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, batches.length) }, worker));
  if (firstError !== undefined) throw new SendIncompleteError(plan, counts, firstError);
  return ids;
}

export type { SendPlan };
export { isConnectionRefused, SendIncompleteError, sendMessages };
