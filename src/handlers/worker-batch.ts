import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createQueueUrlResolver, type SqsProvider } from '../aws/sqs-client.js';
import { changeVisibility, type VisibilityEntry } from '../aws/visibility.js';
import { FULFILLED_VOID, runBatch } from '../core/batch.js';
import { BatchClock, readClock } from '../core/batch-clock.js';
import { publishDelivery } from '../core/delivery-channel.js';
import { RetryableError, SkippedAfterGroupFailureError } from '../core/errors.js';
import type { LazySignal } from '../core/lazy-signal.js';
import type { Logger } from '../core/logger.js';
import {
  type DeadLetterPort,
  type ProcessDeliveryDeps,
  processDelivery,
  type UnknownTaskPolicy,
} from '../core/process-delivery.js';
import type { Registry } from '../core/registry.js';
import { deliveryFromSqsRecord } from '../core/sqs-record.js';
import { BatchState } from './batch-state.js';
import { createDeadline } from './deadline.js';
import { failureOf } from './failure-of.js';
import { retryVerdict } from './retry-verdict.js';
import { runningTask } from './running-task.js';

type WorkerBatchDeps = {
  registry: Registry;
  log: Logger;
  /** Writes one EMF document (a JSON line) to stdout. */
  emitMetrics: (line: string) => void;
  sqs: SqsProvider;
  deadLetter?: DeadLetterPort;
  /** @defaultValue 'dead-letter' */
  unknownTaskPolicy?: UnknownTaskPolicy;
  errorVisibilityTimeout?: number;
  concurrency: number;
  stopMarginMs: number;
  sqsEndpoint?: string;
  service: string;
  now?: () => Date;
};

type QueueUrlOf = (arn: string, signal?: AbortSignal) => Promise<string>;

/** Most message ids quoted in one log line; the count says how many there were. */
const SAMPLE_IDS = 10;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One event source mapping reads one queue, so the first record says what kind it is. */
function isFifo(records: readonly SQSRecord[]): boolean {
  return records[0]?.eventSourceARN?.endsWith('.fifo') === true;
}

function groupOfRecord(record: SQSRecord): string | undefined {
  return record.attributes?.MessageGroupId;
}

/**
 * The settled results when the settle deadline comes before every record has settled: records with a
 * verdict keep it, records still running are reported for retry (a late success only means one more
 * delivery; reporting it failed is what keeps it from being lost if the task did not finish).
 */
function settledAtDeadline(
  records: readonly SQSRecord[],
  state: BatchState,
  { log, registry }: Pick<WorkerBatchDeps, 'log' | 'registry'>,
): PromiseSettledResult<undefined>[] {
  return records.map((record, index) => {
    const failure = state.failure(index);
    if (failure) return { status: 'rejected', reason: failure };
    if (state.isDone(index)) return FULFILLED_VOID;
    const delivery = deliveryFromSqsRecord(record);
    // A record that never started counts under `unrouted`, like a FIFO skip: it reached no task.
    const task = state.isRunning(index) ? runningTask(delivery, registry) : undefined;
    // Stryker disable next-line ObjectLiteral: only middy sees this error, and it reads the status; the log line below carries the ids
    const error = new RetryableError('not settled when the invocation had to return', {
      messageId: delivery.messageId,
      queue: delivery.queue,
      task,
    });
    log.warn('message not settled at the deadline, will be retried', {
      messageId: delivery.messageId,
      task,
      queue: delivery.queue,
      receiveCount: delivery.receiveCount,
      // Like every failure line (process-delivery.ts): the error's name and message, never the body.
      errorName: error.name,
      error: error.message,
    });
    state.record(index, retryVerdict(error, task));
    return { status: 'rejected', reason: error };
  });
}

/**
 * Processes one SQS batch and returns `PromiseSettledResult`s in the order of `event.Records`, for
 * `@middy/sqs-partial-batch-failure`: fulfilled = processed or dead-lettered (delete), rejected = leave
 * on the queue. Standard queues run records concurrently (bounded); FIFO queues run each message group in
 * order and stop a group at its first failure. Everything, visibility work included, ends by the
 * settle deadline (see deadline.ts), so middy's own timeout never reports the successes as failed.
 */
function createBatchProcessor(deps: WorkerBatchDeps) {
  const queueUrlOf = createQueueUrlResolver(deps.sqs, deps.sqsEndpoint);
  return async (event: SQSEvent, context?: Context, options?: { signal?: AbortSignal }) => {
    // A null event fails in middy's partial-batch middleware before it gets here.
    const records: readonly SQSRecord[] = Array.isArray(event.Records) ? event.Records : [];
    const deadline = createDeadline(context, deps.stopMarginMs, options?.signal);
    const state = new BatchState(records.length);
    // Built once per batch, not per record, and only what processDelivery reads: spreading every
    // dependency (the whole config) cost more than a no-op message.
    const deliveryDeps: ProcessDeliveryDeps = {
      registry: deps.registry,
      log: deps.log,
      now: deps.now,
      deadLetter: deps.deadLetter,
      unknownTaskPolicy: deps.unknownTaskPolicy,
      signal: deadline.stop,
      settleSignal: deadline.settle,
      clock: new BatchClock(deps.now),
    };
    try {
      const running = runBatch(
        records,
        // Built here, per record, and dropped with the verdict: nothing of a success outlives it.
        (record, index) => {
          state.start(index);
          return processDelivery(deliveryFromSqsRecord(record), deliveryDeps);
        },
        {
          concurrency: deps.concurrency,
          groupOf: isFifo(records) ? groupOfRecord : undefined,
          resultOf: (verdict, index): undefined => {
            state.record(index, verdict);
            const error = failureOf(verdict);
            if (error) throw error;
          },
        },
      );
      const settled = await new Promise<PromiseSettledResult<undefined>[]>((resolve, reject) => {
        running.then(resolve, reject);
        deadline.onSettle(() => {
          // A moment for the aborted DLQ sends to reject and log why (the SDK takes ~15 ms), then the rest
          // is collected. running may still resolve first.
          delay(deadline.graceMs)
            .then(() => settledAtDeadline(records, state, deps))
            .then(resolve, reject);
        });
      });

      for (let index = 0; index < settled.length; index++) {
        // Every verdict was recorded as it came (resultOf, settledAtDeadline): a record without one was
        // rejected before or outside processDelivery.
        if (state.isDone(index)) continue;
        const { reason } = settled[index] as PromiseRejectedResult;
        // Anything but a FIFO skip means the per-record code itself broke: fail the whole batch with the
        // real cause (the middleware reports every record failed; the onError logger says why).
        if (!(reason instanceof SkippedAfterGroupFailureError)) throw reason;
        // Skipped after an earlier failure in its FIFO group: never dispatched, so log and count it here.
        const record = records[index] as SQSRecord;
        // Stryker disable next-line ObjectLiteral: the skip's error reaches middy (status only) and the console (name and message); the log line carries the id
        const error = reason.withContext({ messageId: record.messageId });
        const delivery = deliveryFromSqsRecord(record);
        deps.log.warn('message skipped after an earlier failure in its group', {
          messageId: record.messageId,
          groupId: groupOfRecord(record),
          receiveCount: delivery.receiveCount,
          errorName: error.name,
          error: error.message,
        });
        const verdict = retryVerdict(error);
        state.record(index, verdict);
        publishDelivery(delivery, verdict, true);
      }

      // Nothing failed (the common batch): no visibility work, so not even its async call.
      // Stryker disable next-line ConditionalExpression: with no failure delayRetries finds no rejected record either; the test only saves its async call
      if (state.hasFailures()) await delayRetries(records, settled, deps, queueUrlOf, deadline.settle);
      const timestamp = readClock(deps.now);
      for (const line of state.tally.lines({ service: deps.service, timestamp })) deps.emitMetrics(line);
      return settled;
    } finally {
      deadline.clear();
    }
  };
}

/**
 * EB's ErrorVisibilityTimeout: failed messages come back after that delay, not the full visibility
 * timeout. Bounded by the settle signal: whatever is not done by then is skipped and logged, and those
 * messages come back after the queue's visibility timeout instead. Never throws.
 */
async function delayRetries(
  records: readonly SQSRecord[],
  settled: readonly PromiseSettledResult<unknown>[],
  deps: WorkerBatchDeps,
  queueUrlOf: QueueUrlOf,
  settle: LazySignal,
): Promise<void> {
  if (deps.errorVisibilityTimeout === undefined) return;
  const failedByQueue = new Map<string, VisibilityEntry[]>();
  settled.forEach((result, index) => {
    const record = records[index] as SQSRecord;
    if (result.status !== 'rejected' || !record.receiptHandle) return;
    const list = failedByQueue.get(record.eventSourceARN) ?? [];
    list.push({ messageId: record.messageId, receiptHandle: record.receiptHandle });
    failedByQueue.set(record.eventSourceARN, list);
  });
  for (const [arn, entries] of failedByQueue) {
    let queueUrl: string;
    try {
      queueUrl = await queueUrlOf(arn, settle.signal);
    } catch (error) {
      deps.log.error('cannot change visibility of failed messages', {
        queueArn: arn,
        messages: entries.length,
        error,
      });
      continue;
    }
    const result = await changeVisibility(deps.sqs, queueUrl, entries, deps.errorVisibilityTimeout, {
      signal: settle.signal,
    });
    if (result.failed.length > 0) {
      deps.log.error('visibility change failed; those messages retry after the queue visibility timeout', {
        queueUrl,
        messages: result.failed.length,
        messageIds: result.failed.slice(0, SAMPLE_IDS),
        errors: [...new Set(result.errors)].slice(0, SAMPLE_IDS),
      });
    }
    if (result.skipped.length > 0) {
      deps.log.warn(
        'visibility change skipped at the deadline; those messages retry after the queue visibility timeout',
        {
          queueUrl,
          messages: result.skipped.length,
          messageIds: result.skipped.slice(0, SAMPLE_IDS),
        },
      );
    }
  }
}

export type { WorkerBatchDeps };
export { createBatchProcessor };
