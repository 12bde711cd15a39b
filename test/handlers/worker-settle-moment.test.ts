/**
 * When the SQS worker gives up on a record and returns (docs/design.md, "Deadlines"): the stop moment is
 * STOP_MARGIN_MS before the Lambda timeout, the settle moment a quarter of the margin (at most 500 ms)
 * before it. A record that finishes before settle keeps its success; one still running then is reported for
 * retry, and the response is back before Lambda's timeout would report every record failed. Fake timers:
 * the moments are asserted on the test's own clock, never on wall time.
 */
import type { SQSBatchResponse } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeadLetterPort } from '../../src/core/process-delivery.js';
import type { Task } from '../../src/core/registry.js';
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from '../helpers/factories.js';
import { appRegistryWith, failingTask, testOnlyTask } from '../helpers/registries.js';
import { asWorkerHandler, failedIds, fakeSqs, workerDeps } from '../helpers/worker.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A task that ignores its abort signal and finishes `ms` after it starts (a slow downstream call). */
function takes(ms: number): Task {
  return testOnlyTask('slow', () => new Promise<void>((resolve) => setTimeout(resolve, ms)));
}

const hangs: Task = { name: 'hangs', execute: () => new Promise(() => undefined) };

/** Starts a batch of one slow record and one hanging record; `response` is set once the handler answers. */
function startBatch(options: { slowMs: number; stopMarginMs: number; remainingMs: number }) {
  const records = [
    sqsRecordFactory(JSON.stringify({ type: 'slow' })),
    sqsRecordFactory(JSON.stringify({ type: 'hangs' })),
  ];
  const { deps, capture } = workerDeps({
    registry: appRegistryWith({ slow: takes(options.slowMs), hangs }),
    stopMarginMs: options.stopMarginMs,
  });
  const state: { response?: SQSBatchResponse } = {};
  const pending = asWorkerHandler(deps)(
    sqsEventFactory(records),
    lambdaContextFactory({ remainingMs: options.remainingMs }),
  ).then((response) => {
    state.response = response;
  });
  return { records, capture, state, pending };
}

describe('SQS worker: the settle moment', () => {
  it.each([
    // margin 2 s: settle 500 ms before the timeout (the cap); a record done 600 ms before it succeeds.
    { stopMarginMs: 2000, slowMs: 10_000 - 600 },
    // margin 1 s: settle 250 ms before the timeout; a record done 300 ms before it, after stop, succeeds.
    { stopMarginMs: 1000, slowMs: 10_000 - 300 },
  ])(
    'margin $stopMarginMs ms: a record that ends after stop but before settle is a success',
    async ({ stopMarginMs, slowMs }) => {
      const { records, state, pending } = startBatch({ slowMs, stopMarginMs, remainingMs: 10_000 });

      await vi.advanceTimersByTimeAsync(10_000 - 1);
      await pending;

      // Only the record that never ends is left for a retry.
      expect(failedIds(state.response as SQSBatchResponse)).toEqual([records[1]?.messageId]);
    },
  );

  it.each([
    { stopMarginMs: 2000, reserveMs: 500 },
    { stopMarginMs: 1000, reserveMs: 250 },
    // A small margin still leaves time to answer: settle 100 ms before the timeout, the answer 50 ms later.
    { stopMarginMs: 400, reserveMs: 100 },
  ])(
    'margin $stopMarginMs ms: the response is returned between settle ($reserveMs ms before the timeout) and the timeout',
    async ({ stopMarginMs, reserveMs }) => {
      const { records, capture, state, pending } = startBatch({
        slowMs: 60_000,
        stopMarginMs,
        remainingMs: 10_000,
      });

      await vi.advanceTimersByTimeAsync(10_000 - reserveMs - 1);
      expect(state.response).toBeUndefined();
      await vi.advanceTimersByTimeAsync(reserveMs);
      await pending;

      // Both records were still running at settle: reported for retry, each logged once with its id.
      expect(failedIds(state.response as SQSBatchResponse)).toEqual(
        records.map((record) => record.messageId),
      );
      expect(capture.withMessage('message not settled at the deadline, will be retried')).toEqual(
        records.map((record) =>
          expect.objectContaining({
            level: 'warn',
            messageId: record.messageId,
            task: JSON.parse(record.body).type,
            queue: 'my-queue',
            receiveCount: 1,
            errorName: 'RetryableError',
            error: 'not settled when the invocation had to return',
          }),
        ),
      );
    },
  );

  it('a record that failed before settle is still reported, and dead-lettered ones stay deleted', async () => {
    const records = [
      sqsRecordFactory(JSON.stringify({ type: 'flaky' })),
      sqsRecordFactory(JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'not-an-address' })),
      sqsRecordFactory(JSON.stringify({ type: 'test' })),
      sqsRecordFactory(JSON.stringify({ type: 'hangs' })),
    ];
    const { deps, metrics } = workerDeps({
      registry: appRegistryWith({ flaky: failingTask(), hangs }),
      deadLetter: async () => undefined,
      stopMarginMs: 1000,
    });

    const pending = asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 10_000 }),
    );
    await vi.advanceTimersByTimeAsync(10_000 - 1);
    const response = await pending;

    expect(failedIds(response)).toEqual([records[0]?.messageId, records[3]?.messageId]);
    const byTask = Object.fromEntries(metrics.map((m) => [m.Task, [m.Processed, m.Failed, m.DeadLettered]]));
    // The record given up at settle counts as failed under the task it was running.
    expect(byTask).toEqual({ flaky: [0, 1, 0], user_signup: [0, 0, 1], test: [1, 0, 0], hangs: [0, 1, 0] });
  });

  it('a DLQ send cut off at settle is logged as a failed send before the batch answers', async () => {
    const records = [
      sqsRecordFactory(JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'not-an-address' })),
      sqsRecordFactory(JSON.stringify({ type: 'test' })),
    ];
    // Like the SDK: the send only ends when its signal aborts, and rejects a moment after.
    const deadLetter: DeadLetterPort = (_delivery, _error, details) =>
      new Promise<void>((_resolve, reject) => {
        details?.signal?.addEventListener('abort', () => {
          setTimeout(() => reject(new DOMException('aborted', 'AbortError')), 15);
        });
      });
    const { deps, capture } = workerDeps({ deadLetter, stopMarginMs: 2000 });

    const pending = asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 10_000 }),
    );
    await vi.advanceTimersByTimeAsync(10_000 - 1);
    const response = await pending;

    // Not copied: left for the queue's redrive policy, and the log says it was the DLQ send that failed.
    expect(failedIds(response)).toEqual([records[0]?.messageId]);
    expect(capture.withMessage('dead-letter send failed, left for the queue redrive policy')).toEqual([
      expect.objectContaining({ messageId: records[0]?.messageId }),
    ]);
    expect(capture.withMessage('message not settled at the deadline, will be retried')).toEqual([]);
  });

  it('a record that finishes after the batch gave up on it counts once, as failed', async () => {
    const records = [
      sqsRecordFactory(JSON.stringify({ type: 'slow' })),
      sqsRecordFactory(JSON.stringify({ type: 'flaky' })),
    ];
    // An SQS endpoint that answers the queue-URL lookup slowly, whatever the abort: the record's task
    // finishes while the batch is still waiting on it, before the metrics are written.
    const sqs = fakeSqs(async (command) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return command.name === 'GetQueueUrlCommand' ? { QueueUrl: 'http://127.0.0.1:1/000000000000/q' } : {};
    });
    const { deps, metrics, capture } = workerDeps({
      // settle at 9,750 ms, collected at 9,850 ms; the task ends at 9,900 ms.
      registry: appRegistryWith({ slow: takes(9900), flaky: failingTask() }),
      sqs: sqs.provider,
      sqsEndpoint: 'http://127.0.0.1:1',
      errorVisibilityTimeout: 5,
      stopMarginMs: 1000,
    });

    const pending = asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 10_000 }),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    const response = await pending;

    expect(failedIds(response)).toEqual(records.map((record) => record.messageId));
    // The given-up record counts as failed once, under the task it was running, next to the task that failed.
    expect(metrics.map((m) => [m.Task, m.Processed, m.Failed])).toEqual([
      ['slow', 0, 1],
      ['flaky', 0, 1],
    ]);
    // Past settle no visibility call is made: the log names both records, which come back after the
    // queue's visibility timeout instead.
    expect(
      capture.withMessage(
        'visibility change skipped at the deadline; those messages retry after the queue visibility timeout',
      ),
    ).toEqual([
      expect.objectContaining({ messages: 2, messageIds: records.map((record) => record.messageId) }),
    ]);
  });

  it('given up at settle: a running record counts under its task; one never started or never routed under `unrouted`', async () => {
    const records = [
      sqsRecordFactory(JSON.stringify({ type: 'hangs' })),
      // Not JSON: on its way to a DLQ that never answers, so still running at settle, but it reached no task.
      sqsRecordFactory('not json'),
      // Behind the two above with a concurrency of 2: never started.
      sqsRecordFactory(JSON.stringify({ type: 'test' })),
    ];
    const { deps, metrics, capture } = workerDeps({
      registry: appRegistryWith({ hangs }),
      deadLetter: () => new Promise<void>(() => undefined),
      concurrency: 2,
      stopMarginMs: 1000,
    });

    const pending = asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 10_000 }),
    );
    await vi.advanceTimersByTimeAsync(10_000 - 1);
    const response = await pending;

    expect(failedIds(response)).toEqual(records.map((record) => record.messageId));
    expect(metrics.map((m) => [m.Task, m.Processed, m.Failed])).toEqual([
      ['hangs', 0, 1],
      ['unrouted', 0, 2],
    ]);
    expect(
      capture.withMessage('message not settled at the deadline, will be retried').map((line) => line.task),
    ).toEqual(['hangs', undefined, undefined]);
  });

  it('a batch that ends in time leaves no timer behind for the next invocation of a warm container', async () => {
    const { deps } = workerDeps();

    const response = await asWorkerHandler(deps)(
      sqsEventFactory([sqsRecordFactory(JSON.stringify({ type: 'test' }))]),
      lambdaContextFactory({ remainingMs: 10_000 }),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with exactly the stop margin left, no record starts', async () => {
    const started: string[] = [];
    const probe = testOnlyTask('probe', async () => {
      started.push('started');
    });
    const { deps } = workerDeps({ registry: appRegistryWith({ probe }), stopMarginMs: 2000 });

    const pending = asWorkerHandler(deps)(
      sqsEventFactory([sqsRecordFactory(JSON.stringify({ type: 'probe' }))]),
      lambdaContextFactory({ remainingMs: 2000 }),
    );
    await vi.advanceTimersByTimeAsync(1999);
    const response = await pending;

    expect(started).toEqual([]);
    expect(response.batchItemFailures).toHaveLength(1);
  });

  it('an invocation that starts inside the settle reserve answers at once, with every record for retry', async () => {
    const { records, state, pending } = startBatch({ slowMs: 1, stopMarginMs: 2000, remainingMs: 300 });

    await vi.advanceTimersByTimeAsync(299);
    await pending;

    expect(failedIds(state.response as SQSBatchResponse)).toEqual(records.map((record) => record.messageId));
  });
});
