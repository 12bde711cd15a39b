import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { DELIVERY_CHANNEL, type DeliveryEvent } from '../../src/core/delivery-channel.js';
import type { DeadLetterPort } from '../../src/core/process-delivery.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { fifoRecordFactory, sqsEventFactory, sqsRecordFactory } from '../helpers/factories.js';
import { appRegistryWith, failingTask, testOnlyTask } from '../helpers/registries.js';
import { asWorkerHandler, failedIds, workerDeps } from '../helpers/worker.js';

const bodies = {
  signup: JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'ada@example.com' }),
  badEmail: JSON.stringify({ type: 'user_signup', userId: 'u-2', email: 'not-an-email' }),
  unknown: JSON.stringify({ type: 'invoice_reminder' }),
  notJson: 'this is not json',
  flaky: JSON.stringify({ type: 'flaky' }),
  test: JSON.stringify({ type: 'test', data: 'Hello Worker!' }),
};

const mixedBatch = () =>
  [bodies.signup, bodies.badEmail, bodies.test, bodies.unknown, bodies.notJson, bodies.flaky].map((body) =>
    sqsRecordFactory(body),
  );

describe('SQS worker: standard queue', () => {
  it('reports exactly the failed records, in Records order', async () => {
    const records = mixedBatch();
    const { deps } = workerDeps({ registry: appRegistryWith({ flaky: failingTask() }) });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual(
      [records[1], records[3], records[4], records[5]].map((r) => r?.messageId),
    );
  });

  it("the Duration metric sums each record's time from its start to its verdict", async () => {
    let ms = Date.parse('2026-01-01T00:00:00Z');
    // One at a time, 30 ms each on the injected clock: the second starts where the first ended.
    const work = testOnlyTask('work', async () => {
      ms += 30;
    });
    const { deps, metrics } = workerDeps({
      registry: appRegistryWith({ work }),
      concurrency: 1,
      now: () => new Date(ms),
    });
    const body = JSON.stringify({ type: 'work' });

    await asWorkerHandler(deps)(sqsEventFactory([sqsRecordFactory(body), sqsRecordFactory(body)]));

    expect(metrics).toEqual([expect.objectContaining({ Task: 'work', Processed: 2, Duration: 60 })]);
  });

  it.each([
    { level: 'debug' as const, built: 1 },
    { level: 'info' as const, built: 0 },
  ])('logger at $level: the per-message success line is built $built time(s)', async ({ level, built }) => {
    // A spy sees every call, so it tells a line that was never built from one the logger dropped.
    const log = captureLogger(level).log;
    const debug = vi.spyOn(log, 'debug');
    const { deps } = workerDeps({ log });

    await asWorkerHandler(deps)(sqsEventFactory([sqsRecordFactory(bodies.test)]));

    expect(debug.mock.calls.filter(([message]) => message === 'message processed')).toHaveLength(built);
  });

  it('an all-successful batch reports nothing', async () => {
    const { deps } = workerDeps();

    const response = await asWorkerHandler(deps)(
      sqsEventFactory([sqsRecordFactory(bodies.test), sqsRecordFactory(bodies.signup)]),
    );

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('with a DLQ, permanent failures are dead-lettered (not reported); retryable ones are reported', async () => {
    const records = mixedBatch();
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});
    const { deps } = workerDeps({ registry: appRegistryWith({ flaky: failingTask() }), deadLetter });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual([records[5]?.messageId]);
    // Records run concurrently, so the port is called in completion order: compare as a set.
    const sent = deadLetter.mock.calls.map(([delivery, error]) => [delivery.messageId, error.name]);
    expect(sent).toHaveLength(3);
    expect(sent).toEqual(
      expect.arrayContaining([
        [records[1]?.messageId, 'ValidationError'],
        [records[3]?.messageId, 'UnknownRouteError'],
        [records[4]?.messageId, 'MalformedMessageError'],
      ]),
    );
  });

  it('a DLQ send failure leaves the record reported as failed', async () => {
    const records = [sqsRecordFactory(bodies.badEmail), sqsRecordFactory(bodies.test)];
    const deadLetter: DeadLetterPort = async () => {
      throw new Error('AccessDenied');
    };
    const { deps, capture } = workerDeps({ deadLetter });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual([records[0]?.messageId]);
    expect(capture.withMessage('dead-letter send failed, left for the queue redrive policy')).toHaveLength(1);
  });

  it('logs one failure line per failed record with messageId, task, errorName and receiveCount', async () => {
    const record = sqsRecordFactory(bodies.badEmail, { attributes: { ApproximateReceiveCount: '3' } });
    const { deps, capture } = workerDeps();

    await asWorkerHandler(deps)(sqsEventFactory([record, sqsRecordFactory(bodies.test)]));

    expect(capture.failures()).toEqual([
      expect.objectContaining({
        messageId: record.messageId,
        task: 'user_signup',
        errorName: 'ValidationError',
        receiveCount: 3,
        queue: 'my-queue',
      }),
    ]);
  });

  it('emits one EMF document per task', async () => {
    const { deps, metrics } = workerDeps({ registry: appRegistryWith({ flaky: failingTask() }) });

    await asWorkerHandler(deps)(sqsEventFactory(mixedBatch()));

    const byTask = Object.fromEntries(metrics.map((m) => [m.Task, [m.Processed, m.Failed, m.DeadLettered]]));
    expect(byTask).toEqual({
      user_signup: [1, 1, 0],
      test: [1, 0, 0],
      flaky: [0, 1, 0],
      unrouted: [0, 2, 0],
    });
  });
});

describe('SQS worker: FIFO queue', () => {
  it('reports the failed record and the rest of its group; the other group runs in order', async () => {
    const processed: string[] = [];
    const orders = testOnlyTask('order', async (payload) => {
      const { id, fail } = payload as { id: string; fail?: boolean };
      if (fail) throw new Error(`order ${id} failed`);
      processed.push(id);
    });
    const record = (id: string, group: string, fail = false) =>
      fifoRecordFactory(JSON.stringify({ type: 'order', id, fail }), group, {
        messageId: `m-${id}`,
        attributes: { ApproximateReceiveCount: id === 'A3' ? '4' : '1' },
      });
    const records = [
      record('A1', 'A'),
      record('B1', 'B'),
      record('A2', 'A', true),
      record('B2', 'B'),
      record('A3', 'A'),
      record('B3', 'B'),
    ];
    const { deps, capture, metrics } = workerDeps({ registry: appRegistryWith({ order: orders }) });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual(['m-A2', 'm-A3']);
    expect(processed.filter((id) => id.startsWith('B'))).toEqual(['B1', 'B2', 'B3']);
    expect(processed).not.toContain('A3');
    // The held-back message is logged with what an operator needs to spot a group stuck behind it.
    expect(capture.withMessage('message skipped after an earlier failure in its group')).toEqual([
      expect.objectContaining({
        level: 'warn',
        messageId: 'm-A3',
        groupId: 'A',
        receiveCount: 4,
        errorName: 'SkippedAfterGroupFailureError',
        error: 'skipped: an earlier message of its group failed',
      }),
    ]);
    // It never reached its task, so it counts as failed under `unrouted`, next to the task's own failure.
    const byTask = Object.fromEntries(metrics.map((m) => [m.Task, [m.Processed, m.Failed]]));
    expect(byTask).toEqual({ order: [4, 1], unrouted: [0, 1] });
  });

  it('the local console sees the held-back message as skipped, with its group and reason', async () => {
    const events: DeliveryEvent[] = [];
    const listener = (event: unknown) => events.push(event as DeliveryEvent);
    const records = [
      fifoRecordFactory(bodies.flaky, 'A', { messageId: 'm-1' }),
      fifoRecordFactory(bodies.test, 'A', { messageId: 'm-2' }),
    ];
    const { deps } = workerDeps({ registry: appRegistryWith({ flaky: failingTask() }) });
    subscribe(DELIVERY_CHANNEL, listener);
    try {
      await asWorkerHandler(deps)(sqsEventFactory(records));
    } finally {
      unsubscribe(DELIVERY_CHANNEL, listener);
    }

    expect(events.map((event) => [event.messageId, event.action, event.groupId, event.errorName])).toEqual([
      ['m-1', 'retry', 'A', 'TaskFailedError'],
      ['m-2', 'skipped', 'A', 'SkippedAfterGroupFailureError'],
    ]);
  });

  it('a dead-lettered FIFO message does not stop its group', async () => {
    const records = [fifoRecordFactory(bodies.badEmail, 'A'), fifoRecordFactory(bodies.test, 'A')];
    const { deps } = workerDeps({ deadLetter: async () => {} });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(response.batchItemFailures).toEqual([]);
  });
});

describe('SQS worker: fair queue (a standard queue whose messages carry a MessageGroupId)', () => {
  it('a failure does not hold back the rest of its tenant: group ids order nothing on a standard queue', async () => {
    const tenant = (body: string) => sqsRecordFactory(body, { attributes: { MessageGroupId: 'tenant-a' } });
    const records = [tenant(bodies.flaky), tenant(bodies.test), tenant(bodies.test)];
    const { deps, capture } = workerDeps({ registry: appRegistryWith({ flaky: failingTask() }) });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual([records[0]?.messageId]);
    expect(capture.withMessage('message skipped after an earlier failure in its group')).toEqual([]);
  });
});

describe('SQS worker: failure outside the per-record code', () => {
  it('a logger that throws fails the whole batch: every record reported, the invocation resolves', async () => {
    const records = mixedBatch().slice(0, 3);
    const { deps } = workerDeps();
    const throwing = () => {
      throw new Error('log sink closed');
    };
    deps.log = {
      debug: throwing,
      info: throwing,
      warn: throwing,
      error: throwing,
      child: () => deps.log,
      enabled: () => true,
    };

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId));
  });

  it('metrics that cannot be written fail the whole batch without throwing', async () => {
    const records = [sqsRecordFactory(bodies.test), sqsRecordFactory(bodies.signup)];
    const { deps } = workerDeps({
      emitMetrics: () => {
        throw new Error('EPIPE');
      },
    });

    await expect(asWorkerHandler(deps)(sqsEventFactory(records))).resolves.toEqual({
      batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })),
    });
  });

  it('a registry whose resolve throws reports every record (retry), and does not throw', async () => {
    const records = [sqsRecordFactory(bodies.test), sqsRecordFactory(bodies.signup)];
    const { deps, capture } = workerDeps({
      registry: {
        names: [],
        resolve: () => {
          throw new Error('registry corrupted');
        },
      },
    });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId));
    expect(capture.failures().map((line) => line.errorName)).toEqual(['TaskFailedError', 'TaskFailedError']);
  });

  it('an event without Records is an empty success: nothing run, logged or counted', async () => {
    const { deps, capture, metrics } = workerDeps();

    const response = await asWorkerHandler(deps)({} as never);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(capture.lines).toEqual([]);
    expect(metrics).toEqual([]);
  });

  it('when the per-record code breaks, the whole-batch line names the real cause', async () => {
    const { deps, capture } = workerDeps({ registry: appRegistryWith({ flaky: failingTask() }) });
    // The sink refuses warn lines only (say, a log router that rejects them): the retry line of the failed
    // record throws inside the per-record code, and the error line still gets through.
    const { log } = capture;
    deps.log = {
      debug: (message, fields) => log.debug(message, fields),
      info: (message, fields) => log.info(message, fields),
      warn: () => {
        throw new Error('EPIPE: warn stream closed');
      },
      error: (message, fields) => log.error(message, fields),
      child: () => deps.log,
      enabled: (level) => log.enabled(level),
    };
    const records = [sqsRecordFactory(bodies.flaky), sqsRecordFactory(bodies.test)];

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual(records.map((record) => record.messageId));
    expect(capture.withMessage('whole batch failed; every record is reported for retry')).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ message: 'EPIPE: warn stream closed' }) }),
    ]);
  });

  it('records without an eventSourceARN or attributes (not from Lambda) are processed, not the batch failed', async () => {
    const [first, second] = [sqsRecordFactory(bodies.test), sqsRecordFactory(bodies.badEmail)];
    const stripped = [
      { ...first, eventSourceARN: undefined },
      { ...second, attributes: undefined },
    ] as unknown as SQSRecord[];
    const { deps } = workerDeps();

    const response = await asWorkerHandler(deps)(sqsEventFactory(stripped));

    expect(failedIds(response)).toEqual([second?.messageId]);
  });

  it('a FIFO record without attributes runs as a group of its own', async () => {
    const records = [
      fifoRecordFactory(bodies.flaky, 'A'),
      { ...fifoRecordFactory(bodies.test, 'A'), attributes: undefined } as unknown as SQSRecord,
    ];
    const { deps } = workerDeps({ registry: appRegistryWith({ flaky: failingTask() }) });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual([records[0]?.messageId]);
  });
});
