import { describe, expect, it } from 'vitest';
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from '../helpers/factories.js';
import { appRegistryWith, failingTask } from '../helpers/registries.js';
import { asWorkerHandler, failedIds, fakeSqs, type SendOptions, workerDeps } from '../helpers/worker.js';

const ok = JSON.stringify({ type: 'test' });
const flaky = JSON.stringify({ type: 'flaky' });
const SKIPPED =
  'visibility change skipped at the deadline; those messages retry after the queue visibility timeout';

/** A fake SQS call that answers after `ms` (every entry changed), or rejects when its signal aborts. */
function slowCall(ms: number) {
  return (_command: unknown, { abortSignal }: SendOptions) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ Successful: [], Failed: [] }), ms);
      abortSignal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new DOMException('aborted', 'AbortError'));
        },
        { once: true },
      );
    });
}

/** `count` records, every other one failing with a retryable error. */
function halfFailing(count: number) {
  return Array.from({ length: count }, (_, index) => sqsRecordFactory(index % 2 === 0 ? ok : flaky));
}

function idsOf(records: ReadonlyArray<{ messageId: string; body: string }>, body: string) {
  return records.filter((record) => record.body === body).map((record) => record.messageId);
}

describe('SQS worker: visibility work fits in the invocation', () => {
  it("the audit's batch: 10,000 records, half failing, 20 ms per call, 8 s left: successes stay successes", {
    timeout: 30_000,
  }, async () => {
    const records = halfFailing(10_000);
    const sqs = fakeSqs(slowCall(20));
    const { deps, capture } = workerDeps({
      registry: appRegistryWith({ flaky: failingTask() }),
      sqs: sqs.provider,
      errorVisibilityTimeout: 30,
      concurrency: 10,
      stopMarginMs: 2000,
    });

    const response = await asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 8000 }),
    );

    expect(failedIds(response).sort()).toEqual(idsOf(records, flaky).sort());
    expect(capture.withMessage('whole batch failed; every record is reported for retry')).toEqual([]);
    // Every failed record's visibility was changed: 5,000 entries, ten per call.
    const entries = sqs.sent.flatMap((command) => command.input.Entries as unknown[]);
    expect(sqs.sent).toHaveLength(500);
    expect(entries).toHaveLength(5000);
  });

  it('when time runs out, the rest is skipped and logged, and no success is reported failed', async () => {
    const records = halfFailing(200);
    // Calls that never answer: only the deadline ends them.
    const sqs = fakeSqs(slowCall(3_600_000));
    const { deps, capture } = workerDeps({
      registry: appRegistryWith({ flaky: failingTask() }),
      sqs: sqs.provider,
      errorVisibilityTimeout: 30,
      stopMarginMs: 1000,
    });

    const response = await asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 1500 }),
    );

    expect(failedIds(response).sort()).toEqual(idsOf(records, flaky).sort());
    expect(capture.withMessage('whole batch failed; every record is reported for retry')).toEqual([]);
    // Ten calls in flight at once, never more: the other chunks were not started.
    expect(sqs.sent).toHaveLength(10);
    const [skipped, ...others] = capture.withMessage(SKIPPED);
    expect(others).toEqual([]);
    expect(skipped).toMatchObject({
      level: 'warn',
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/my-queue',
      messages: 100,
    });
    // Ten ids are quoted, all of failed records; the count says how many there were.
    expect(skipped?.messageIds).toHaveLength(10);
    expect(idsOf(records, flaky)).toEqual(expect.arrayContaining(skipped?.messageIds as string[]));
  });

  it('a task that ignores its signal is reported for retry at the deadline; its siblings succeed', async () => {
    const registry = appRegistryWith({
      hangs: { name: 'hangs', execute: () => new Promise(() => undefined) },
    });
    const records = [
      sqsRecordFactory(ok),
      sqsRecordFactory(JSON.stringify({ type: 'hangs' })),
      sqsRecordFactory(ok),
    ];
    const { deps, capture } = workerDeps({ registry, stopMarginMs: 1000 });

    const response = await asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 1300 }),
    );

    expect(failedIds(response)).toEqual([records[1]?.messageId]);
    expect(capture.withMessage('message not settled at the deadline, will be retried')).toEqual([
      expect.objectContaining({ messageId: records[1]?.messageId }),
    ]);
  });
});
