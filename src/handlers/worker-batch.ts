import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createQueueUrlResolver, type SqsProvider } from '../aws/sqs-client.js';
import { changeVisibility } from '../aws/visibility.js';
import { runBatch } from '../core/batch.js';
import { SkippedAfterGroupFailureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { batchMetrics } from '../core/metrics.js';
import { type DeadLetterPort, isAcked, processDelivery, type Verdict } from '../core/process-delivery.js';
import type { Registry } from '../core/registry.js';
import { deliveryFromSqsRecord } from '../core/sqs-record.js';

type WorkerBatchDeps = {
  registry: Registry;
  log: Logger;
  /** Writes one EMF document (a JSON line) to stdout. */
  emitMetrics: (line: string) => void;
  sqs: SqsProvider;
  deadLetter?: DeadLetterPort;
  errorVisibilityTimeout?: number;
  concurrency: number;
  stopMarginMs: number;
  sqsEndpoint?: string;
  service: string;
  now?: () => Date;
};

function isFifo(records: readonly SQSRecord[]) {
  return records.some((record) => record.eventSourceARN?.endsWith('.fifo'));
}

/**
 * Aborts `stopMarginMs` before the Lambda timeout (or when middy's own signal aborts), so no new record
 * starts that could not finish. Forwarding by listener, not `AbortSignal.any`: middy hands every
 * invocation the same long-lived signal, and on Node 20 `any` leaks a little per call against it.
 */
function deadlineSignal(context: Context | undefined, marginMs: number, outer?: AbortSignal) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (outer?.aborted) abort();
  outer?.addEventListener('abort', abort, { once: true });
  const remaining = context?.getRemainingTimeInMillis?.();
  // Already inside the margin: abort now, or every record would start before a 0 ms timer fires.
  if (typeof remaining === 'number' && remaining <= marginMs) abort();
  const timer =
    typeof remaining === 'number' && !controller.signal.aborted
      ? setTimeout(abort, remaining - marginMs)
      : undefined;
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
    },
  };
}

/**
 * Processes one SQS batch and returns `PromiseSettledResult`s in the order of `event.Records`, for
 * `@middy/sqs-partial-batch-failure`: fulfilled = processed or dead-lettered (delete), rejected = leave
 * on the queue. Standard queues run records concurrently (bounded); FIFO queues run each message group in
 * order and stop a group at its first failure.
 */
function createBatchProcessor(deps: WorkerBatchDeps) {
  const queueUrlOf = createQueueUrlResolver(deps.sqs, deps.sqsEndpoint);
  return async (event: SQSEvent, context?: Context, options?: { signal?: AbortSignal }) => {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    const deliveries = records.map(deliveryFromSqsRecord);
    const deadline = deadlineSignal(context, deps.stopMarginMs, options?.signal);
    const { signal } = deadline;
    const verdicts: Verdict[] = new Array(records.length);
    // Built once per batch, not per record: the spread of every dependency showed up in the benchmark.
    const deliveryDeps = { ...deps, signal };
    const settled = await runBatch(
      deliveries,
      async (delivery, index) => {
        const verdict = await processDelivery(delivery, deliveryDeps);
        verdicts[index] = verdict;
        if (!isAcked(verdict) && verdict.outcome.status !== 'ok') throw verdict.outcome.error;
      },
      {
        concurrency: deps.concurrency,
        groupOf: isFifo(records) ? (delivery) => delivery.groupId : undefined,
      },
    ).finally(deadline.clear);

    settled.forEach((result, index) => {
      if (verdicts[index] || result.status === 'fulfilled') return;
      // Anything but a FIFO skip means the per-record code itself broke: fail the whole batch with the
      // real cause (the middleware reports every record failed; the onError logger says why).
      if (!(result.reason instanceof SkippedAfterGroupFailureError)) throw result.reason;
      // Skipped after an earlier failure in its FIFO group: never dispatched, so log and count it here.
      const delivery = deliveries[index];
      const error = result.reason.withContext({ messageId: delivery?.messageId });
      deps.log.warn('message skipped after an earlier failure in its group', {
        messageId: delivery?.messageId,
        groupId: delivery?.groupId,
        receiveCount: delivery?.receiveCount,
        errorName: error.name,
      });
      verdicts[index] = { action: 'retry', outcome: { status: 'retry', durationMs: 0, error } };
    });

    await delayRetries(records, settled, deps, queueUrlOf);
    const timestamp = (deps.now?.() ?? new Date()).getTime();
    for (const document of batchMetrics(verdicts, { service: deps.service, timestamp })) {
      deps.emitMetrics(JSON.stringify(document));
    }
    return settled;
  };
}

/** EB's ErrorVisibilityTimeout: failed messages come back after that delay, not the full visibility timeout. */
async function delayRetries(
  records: readonly SQSRecord[],
  settled: readonly PromiseSettledResult<unknown>[],
  deps: WorkerBatchDeps,
  queueUrlOf: (arn: string) => Promise<string>,
) {
  if (deps.errorVisibilityTimeout === undefined) return;
  const failedByQueue = new Map<string, { messageId: string; receiptHandle: string }[]>();
  records.forEach((record, index) => {
    if (settled[index]?.status !== 'rejected' || !record.receiptHandle) return;
    const list = failedByQueue.get(record.eventSourceARN) ?? [];
    list.push({ messageId: record.messageId, receiptHandle: record.receiptHandle });
    failedByQueue.set(record.eventSourceARN, list);
  });
  for (const [arn, entries] of failedByQueue) {
    let queueUrl: string;
    try {
      queueUrl = await queueUrlOf(arn);
    } catch (error) {
      deps.log.error('cannot change visibility of failed messages', { queueArn: arn, error });
      continue;
    }
    const result = await changeVisibility(deps.sqs, queueUrl, entries, deps.errorVisibilityTimeout);
    if (result.failed.length > 0) {
      deps.log.error('visibility change failed; those messages retry after the queue visibility timeout', {
        queueUrl,
        messageIds: result.failed,
        errors: result.errors,
      });
    }
  }
}

export type { WorkerBatchDeps };
export { createBatchProcessor };
