import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createBatchProcessor } from '../../src/handlers/worker-batch.js';
import { flush, gates, inFlightProbe } from '../helpers/concurrency.js';
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from '../helpers/factories.js';
import { appRegistryWith, failingTask, testOnlyTask } from '../helpers/registries.js';
import { asWorkerHandler, failedIds, fakeSqs, workerDeps } from '../helpers/worker.js';

const ok = JSON.stringify({ type: 'test' });
const bad = JSON.stringify({ type: 'user_signup', userId: 'u', email: 'nope' });
const flaky = JSON.stringify({ type: 'flaky' });

describe("SQS worker: EB's ErrorVisibilityTimeout", () => {
  it('changes the visibility of the failed records only, on the queue named by eventSourceARN', async () => {
    const records = [sqsRecordFactory(ok), sqsRecordFactory(bad), sqsRecordFactory(flaky)];
    const sqs = fakeSqs(async () => ({ Successful: [{ Id: '0' }, { Id: '1' }], Failed: [] }));
    const { deps, capture } = workerDeps({
      registry: appRegistryWith({ flaky: failingTask() }),
      sqs: sqs.provider,
      errorVisibilityTimeout: 7,
    });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual([records[1]?.messageId, records[2]?.messageId]);
    // A change that worked logs nothing more than the records' own failure lines.
    expect(capture.failures().map((line) => line.messageId)).toEqual([
      records[1]?.messageId,
      records[2]?.messageId,
    ]);
    expect(sqs.sent).toEqual([
      {
        name: 'ChangeMessageVisibilityBatchCommand',
        input: {
          QueueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/my-queue',
          Entries: [
            { Id: '0', ReceiptHandle: records[1]?.receiptHandle, VisibilityTimeout: 7 },
            { Id: '1', ReceiptHandle: records[2]?.receiptHandle, VisibilityTimeout: 7 },
          ],
        },
      },
    ]);
  });

  it('asks the endpoint override (fauxqs, LocalStack) for the queue URL once, then uses it', async () => {
    const emulatorUrl = 'http://sqs.us-east-1.localhost:4566/123456789012/my-queue';
    const sqs = fakeSqs(async (command) =>
      command.name === 'GetQueueUrlCommand' ? { QueueUrl: emulatorUrl } : { Successful: [], Failed: [] },
    );
    const { deps } = workerDeps({
      sqs: sqs.provider,
      errorVisibilityTimeout: 0,
      sqsEndpoint: 'http://127.0.0.1:4566/',
    });
    const handler = asWorkerHandler(deps);

    await handler(sqsEventFactory([sqsRecordFactory(bad)]));
    await handler(sqsEventFactory([sqsRecordFactory(bad)]));

    expect(sqs.sent.map((command) => command.name)).toEqual([
      'GetQueueUrlCommand',
      'ChangeMessageVisibilityBatchCommand',
      'ChangeMessageVisibilityBatchCommand',
    ]);
    expect(sqs.sent[0]?.input).toEqual({ QueueName: 'my-queue', QueueOwnerAWSAccountId: '123456789012' });
    expect(sqs.sent[1]?.input).toMatchObject({ QueueUrl: emulatorUrl });
  });

  it('sends entries in chunks of ten (the ChangeMessageVisibilityBatch limit)', async () => {
    const records = Array.from({ length: 23 }, () => sqsRecordFactory(bad));
    const sqs = fakeSqs();
    const { deps } = workerDeps({ sqs: sqs.provider, errorVisibilityTimeout: 5 });

    await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(sqs.sent.map((command) => (command.input.Entries as unknown[]).length)).toEqual([10, 10, 3]);
  });

  it('makes no SQS call when nothing failed or when no timeout is configured', async () => {
    const sqs = fakeSqs();
    const noTimeout = workerDeps({ sqs: sqs.provider });
    const allGood = workerDeps({ sqs: sqs.provider, errorVisibilityTimeout: 5 });

    await asWorkerHandler(noTimeout.deps)(sqsEventFactory([sqsRecordFactory(bad)]));
    await asWorkerHandler(allGood.deps)(sqsEventFactory([sqsRecordFactory(ok)]));

    expect(sqs.sent).toEqual([]);
  });

  it.each([
    { case: 'the call throws', respond: async () => Promise.reject(new Error('ECONNREFUSED')) },
    {
      case: 'SQS reports the entry failed',
      respond: async () => ({ Failed: [{ Id: '0', Code: 'ReceiptHandleIsInvalid', Message: 'expired' }] }),
    },
  ])('when $case, it is logged and changes nothing else', async ({ respond }) => {
    const records = [sqsRecordFactory(ok), sqsRecordFactory(bad)];
    const sqs = fakeSqs(respond);
    const { deps, capture, metrics } = workerDeps({ sqs: sqs.provider, errorVisibilityTimeout: 5 });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual([records[1]?.messageId]);
    expect(metrics.map((m) => m.Task).sort()).toEqual(['test', 'user_signup']);
    expect(
      capture.withMessage(
        'visibility change failed; those messages retry after the queue visibility timeout',
      ),
    ).toEqual([expect.objectContaining({ messageIds: [records[1]?.messageId] })]);
  });

  it('a failed record without a receipt handle is left out; the others still change', async () => {
    const records = [sqsRecordFactory(bad), { ...sqsRecordFactory(bad), receiptHandle: '' }];
    const sqs = fakeSqs(async () => ({ Successful: [{ Id: '0' }], Failed: [] }));
    const { deps } = workerDeps({ sqs: sqs.provider, errorVisibilityTimeout: 5 });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual(records.map((record) => record.messageId));
    expect(sqs.sent.map((command) => command.input.Entries)).toEqual([
      [{ Id: '0', ReceiptHandle: records[0]?.receiptHandle, VisibilityTimeout: 5 }],
    ]);
  });

  it('logs and skips a record whose eventSourceARN is not an SQS ARN', async () => {
    const record = sqsRecordFactory(bad, {
      eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/x',
    });
    const sqs = fakeSqs();
    const { deps, capture } = workerDeps({ sqs: sqs.provider, errorVisibilityTimeout: 5 });

    const response = await asWorkerHandler(deps)(sqsEventFactory([record]));

    expect(failedIds(response)).toEqual([record.messageId]);
    expect(sqs.sent).toEqual([]);
    expect(capture.withMessage('cannot change visibility of failed messages')).toEqual([
      expect.objectContaining({
        level: 'error',
        queueArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/x',
        messages: 1,
      }),
    ]);
  });

  it('when SQS refuses a large batch, one line counts them, quotes ten ids and ten distinct reasons', async () => {
    const records = Array.from({ length: 23 }, (_, index) =>
      sqsRecordFactory(bad, { receiptHandle: `rh-${index}` }),
    );
    // SQS quotes the handle in an invalid-handle reason (each one differs) and not in the other reasons.
    const sqs = fakeSqs(async (command) => ({
      Successful: [],
      Failed: (command.input.Entries as Array<{ Id: string; ReceiptHandle: string }>).map((entry) =>
        Number(entry.Id) % 2 === 0
          ? {
              Id: entry.Id,
              Code: 'ReceiptHandleIsInvalid',
              Message: `Value ${entry.ReceiptHandle} for parameter ReceiptHandle is invalid.`,
              SenderFault: true,
            }
          : { Id: entry.Id, Code: 'MessageNotInflight', Message: 'Message not inflight.', SenderFault: true },
      ),
    }));
    const { deps, capture } = workerDeps({ sqs: sqs.provider, errorVisibilityTimeout: 5 });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual(records.map((record) => record.messageId));
    const [line, ...others] = capture.withMessage(
      'visibility change failed; those messages retry after the queue visibility timeout',
    );
    expect(others).toEqual([]);
    expect(line).toMatchObject({
      level: 'error',
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/my-queue',
      messages: 23,
    });
    // At most ten reasons, each once: the repeated one is not quoted ten times.
    const reasons = line?.errors as string[];
    expect(reasons).toHaveLength(10);
    expect(new Set(reasons).size).toBe(10);
    expect(reasons).toContain('MessageNotInflight: Message not inflight.');
    const quoted = line?.messageIds as string[];
    expect(quoted).toHaveLength(10);
    expect(records.map((record) => record.messageId)).toEqual(expect.arrayContaining(quoted));
  });
});

describe('SQS worker: concurrency', () => {
  it('never runs more than WORKER_CONCURRENCY records at once', async () => {
    const gate = gates<string>();
    const probe = inFlightProbe<string>();
    const slow = testOnlyTask('slow', async (payload) => {
      const { id } = payload as { id: string };
      await probe.track(id, () => gate.wait(id));
    });
    const ids = Array.from({ length: 7 }, (_, index) => `r${index}`);
    const records = ids.map((id) => sqsRecordFactory(JSON.stringify({ type: 'slow', id })));
    const { deps } = workerDeps({ registry: appRegistryWith({ slow }), concurrency: 2 });

    const pending = asWorkerHandler(deps)(sqsEventFactory(records));
    await flush();
    expect(probe.started).toEqual(['r0', 'r1']);
    for (const id of ids) {
      gate.open(id);
      await flush();
    }
    const response = await pending;

    expect(probe.peak).toBe(2);
    expect(probe.finished).toEqual(ids);
    expect(response.batchItemFailures).toEqual([]);
  });
});

describe('SQS worker: the deadline signal', () => {
  it('stops starting records STOP_MARGIN_MS before the timeout; those not started are reported', async () => {
    // The first record holds its lane until the deadline fires, so records 2 and 3 can only start after it.
    const started: string[] = [];
    const waits = testOnlyTask('waits', async (payload, { signal }) => {
      started.push((payload as { id: string }).id);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    });
    const records = ['a', 'b', 'c'].map((id) => sqsRecordFactory(JSON.stringify({ type: 'waits', id })));
    const { deps, capture } = workerDeps({
      registry: appRegistryWith({ waits }),
      concurrency: 1,
      stopMarginMs: 1000,
    });
    const context = lambdaContextFactory({ remainingMs: 1020 });

    const settled = await createBatchProcessor(deps)(sqsEventFactory(records), context);

    expect(started).toEqual(['a']);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(capture.failures().map((line) => [line.errorName, line.error])).toEqual([
      ['RetryableError', 'not started: the invocation is ending'],
      ['RetryableError', 'not started: the invocation is ending'],
    ]);
  });

  // Regression: inside the stop margin already, the deadline aborts at once and nothing starts.
  it('starts nothing when the invocation already has less time left than the margin', async () => {
    const started: string[] = [];
    const records = ['a', 'b'].map((id) => sqsRecordFactory(JSON.stringify({ type: 'probe', id })));
    const probeTask = testOnlyTask('probe', async (payload) => {
      started.push((payload as { id: string }).id);
    });
    const { deps } = workerDeps({
      registry: appRegistryWith({ probe: probeTask }),
      concurrency: 1,
      stopMarginMs: 2000,
    });

    await createBatchProcessor(deps)(sqsEventFactory(records), lambdaContextFactory({ remainingMs: 500 }));

    expect(started).toEqual([]);
  });

  it('an abort of the signal middy passes stops every batch in flight on it, and no finished one', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const taskSignals = new Map<string, AbortSignal>();
    const waits = testOnlyTask('waits', async (payload, { signal }) => {
      const { id } = payload as { id: string };
      started.push(id);
      taskSignals.set(id, signal);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    });
    const quick = testOnlyTask('quick', async (payload, { signal }) => {
      taskSignals.set((payload as { id: string }).id, signal);
    });
    const batch = (type: string, ids: string[]) =>
      sqsEventFactory(ids.map((id) => sqsRecordFactory(JSON.stringify({ type, id }))));
    const { deps } = workerDeps({ registry: appRegistryWith({ waits, quick }), concurrency: 1 });
    const processBatch = createBatchProcessor(deps);
    const options = { signal: controller.signal };

    // One batch finishes before the abort; two are still running their first record when it comes.
    const done = await processBatch(batch('quick', ['q1']), undefined, options);
    const first = processBatch(batch('waits', ['a1', 'a2']), undefined, options);
    const second = processBatch(batch('waits', ['b1', 'b2']), undefined, options);
    await flush();
    expect(started).toEqual(['a1', 'b1']);
    controller.abort();
    const results = await Promise.all([first, second]);

    // The running records returned when told to (successes); the rest never started and are retried.
    expect(started).toEqual(['a1', 'b1']);
    expect(results.map((settled) => settled.map((result) => result.status))).toEqual([
      ['fulfilled', 'rejected'],
      ['fulfilled', 'rejected'],
    ]);
    expect(done.map((result) => result.status)).toEqual(['fulfilled']);
    // The finished batch's deadline was released: the abort did not reach the signal its task was given.
    expect(taskSignals.get('q1')?.aborted).toBe(false);
  });

  it('a batch whose tasks all listen to their signal raises no listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const listens = testOnlyTask('listens', async (_payload, { signal }) => {
      // What an SDK call or a fetch does with the signal it is given.
      signal.addEventListener('abort', () => undefined, { once: true });
    });
    const records = Array.from({ length: 20 }, () => sqsRecordFactory(JSON.stringify({ type: 'listens' })));
    const { deps } = workerDeps({ registry: appRegistryWith({ listens }), concurrency: 20 });
    const processBatch = createBatchProcessor(deps);
    // middy hands every invocation of a warm container the same signal.
    const middySignal = new AbortController().signal;

    try {
      for (let invocation = 0; invocation < 12; invocation++) {
        await processBatch(sqsEventFactory(records), lambdaContextFactory(), { signal: middySignal });
      }
      await flush();
    } finally {
      process.off('warning', onWarning);
    }

    expect(warnings).toEqual([]);
  });

  it('a hand-built context without getRemainingTimeInMillis (a test, a container) runs with no deadline', async () => {
    const told: boolean[] = [];
    const slow = testOnlyTask('slow', async (_payload, { signal }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      told.push(signal.aborted);
    });
    const records = [sqsRecordFactory(JSON.stringify({ type: 'slow' })), sqsRecordFactory(bad)];
    const { deps } = workerDeps({ registry: appRegistryWith({ slow }) });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records), {} as Context);

    expect(failedIds(response)).toEqual([records[1]?.messageId]);
    expect(told).toEqual([false]);
  });

  it('an abort from middy (its early timeout) also stops new records', async () => {
    const controller = new AbortController();
    controller.abort();
    const { deps } = workerDeps();

    const settled = await createBatchProcessor(deps)(sqsEventFactory([sqsRecordFactory(ok)]), undefined, {
      signal: controller.signal,
    });

    expect(settled[0]?.status).toBe('rejected');
  });

  it('a batch whose signal aborted before it began still answers when a DLQ send never returns', async () => {
    const controller = new AbortController();
    controller.abort();
    // A malformed message fails before the stop check, so it goes to a DLQ that ignores its signal.
    const { deps } = workerDeps({ deadLetter: () => new Promise<void>(() => undefined) });

    const settled = await createBatchProcessor(deps)(
      sqsEventFactory([sqsRecordFactory('not json')]),
      undefined,
      {
        signal: controller.signal,
      },
    );

    expect(settled.map((result) => result.status)).toEqual(['rejected']);
  });
});
