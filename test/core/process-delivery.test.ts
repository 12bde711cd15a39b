import { describe, expect, it, vi } from 'vitest';
import { BatchClock } from '../../src/core/batch-clock.js';
import type { WorkerError } from '../../src/core/errors.js';
import { type DeadLetterPort, isAcked, processDelivery } from '../../src/core/process-delivery.js';
import { createRegistry, defineTask } from '../../src/core/registry.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory } from '../helpers/factories.js';
import { appRegistryWith, busyTask, failingTask } from '../helpers/registries.js';

const registry = appRegistryWith({ flaky: failingTask('flaky'), busy: busyTask('busy') });

const bodies = {
  valid: JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'ada@example.com' }),
  invalidEmail: JSON.stringify({ type: 'user_signup', userId: 'u-2', email: 'not-an-email' }),
  unknown: JSON.stringify({ type: 'invoice_reminder' }),
  notJson: 'this is not json',
  flaky: JSON.stringify({ type: 'flaky' }),
  busy: JSON.stringify({ type: 'busy' }),
};

describe('processDelivery: hostile routes', () => {
  it('a task that logs a payload nested 20,000 deep still succeeds (logging never throws)', async () => {
    const { log } = captureLogger();
    const body = `{"type":"test","data":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;

    const verdict = await processDelivery(deliveryFactory({ body }), { registry: appRegistryWith(), log });

    expect(verdict.action).toBe('ack');
  });

  it('a route of 40,000 colons is rejected as malformed, with a short message', async () => {
    const { log } = captureLogger();
    const body = JSON.stringify({ type: ':'.repeat(40_000) });

    const verdict = await processDelivery(deliveryFactory({ body }), { registry: appRegistryWith(), log });

    expect(verdict.action).toBe('reject');
    expect(verdict.outcome.status === 'ok' ? '' : verdict.outcome.error.message).toMatch(
      /is longer than 256 characters/,
    );
    expect(verdict.outcome.status === 'ok' ? 0 : verdict.outcome.error.message.length).toBeLessThan(300);
  });
});

describe('processDelivery: the failure policy', () => {
  it.each([
    { case: 'processed', body: bodies.valid, action: 'ack', acked: true },
    { case: 'task threw a plain Error', body: bodies.flaky, action: 'retry', acked: false },
    { case: 'task asked for a retry', body: bodies.busy, action: 'retry', acked: false },
    { case: 'validation failed, no DLQ port', body: bodies.invalidEmail, action: 'reject', acked: false },
    { case: 'unknown route, no DLQ port', body: bodies.unknown, action: 'reject', acked: false },
    { case: 'not JSON, no DLQ port', body: bodies.notJson, action: 'reject', acked: false },
  ])('$case -> $action', async ({ body, action, acked }) => {
    const { log } = captureLogger();

    const verdict = await processDelivery(deliveryFactory({ body }), { registry, log });

    expect(verdict.action).toBe(action);
    expect(isAcked(verdict)).toBe(acked);
  });

  it.each([
    {
      case: 'validation failure',
      body: bodies.invalidEmail,
      errorName: 'ValidationError',
      task: 'user_signup',
    },
    { case: 'unknown route', body: bodies.unknown, errorName: 'UnknownRouteError', task: undefined },
    { case: 'malformed body', body: bodies.notJson, errorName: 'MalformedMessageError', task: undefined },
  ])('$case with a DLQ port -> dead-lettered (acked) and the port gets the error', async (row) => {
    const { log } = captureLogger();
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});
    const delivery = deliveryFactory({ body: row.body });

    const verdict = await processDelivery(delivery, { registry, log, deadLetter });

    expect(verdict.action).toBe('dead-lettered');
    expect(isAcked(verdict)).toBe(true);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    const [sent, error] = deadLetter.mock.calls[0] ?? [];
    expect(sent).toBe(delivery);
    expect(error).toMatchObject({
      name: row.errorName,
      permanent: true,
      messageId: delivery.messageId,
      task: row.task,
    });
  });

  it('a retryable failure never goes to the DLQ port', async () => {
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});

    const verdict = await processDelivery(deliveryFactory({ body: bodies.flaky }), {
      registry,
      log: captureLogger().log,
      deadLetter,
    });

    expect(verdict.action).toBe('retry');
    expect(deadLetter).not.toHaveBeenCalled();
  });

  it('rejects (leaves for redrive) when the DLQ port throws, and logs the send error', async () => {
    const capture = captureLogger();
    const deadLetter: DeadLetterPort = async () => {
      throw new Error('AWS.SimpleQueueService.NonExistentQueue');
    };

    const verdict = await processDelivery(deliveryFactory({ body: bodies.invalidEmail }), {
      registry,
      log: capture.log,
      deadLetter,
    });

    expect(verdict.action).toBe('reject');
    expect(isAcked(verdict)).toBe(false);
    const [line] = capture.withMessage('dead-letter send failed, left for the queue redrive policy');
    expect(line?.sendError).toBe('Error: AWS.SimpleQueueService.NonExistentQueue');
  });

  it('does not start a task once the signal is aborted, and asks for a retry', async () => {
    const run = vi.fn(async () => {});
    const only = createRegistry({ test: defineTask({ name: 'test', parse: (p) => p, run }) });
    const controller = new AbortController();
    controller.abort();

    const verdict = await processDelivery(deliveryFactory(), {
      registry: only,
      log: captureLogger().log,
      signal: controller.signal,
    });

    expect(run).not.toHaveBeenCalled();
    expect(verdict.action).toBe('retry');
    expect(verdict.outcome.status === 'retry' && verdict.outcome.error.message).toBe(
      'not started: the invocation is ending',
    );
  });

  it('measures the duration with the injected clock', async () => {
    let tick = 0;
    const now = () => new Date(1_000 + 250 * tick++);

    const verdict = await processDelivery(deliveryFactory(), { registry, log: captureLogger().log, now });

    expect(verdict.outcome.durationMs).toBe(250);
  });

  it("with a batch's clock, a record runs from the clock's latest reading to its end", async () => {
    let ms = 4_900;
    const now = () => new Date(ms);
    const runs = createRegistry({
      work: defineTask({
        name: 'work',
        parse: (payload) => payload,
        run: async () => {
          ms += 40;
        },
      }),
    });
    const clock = new BatchClock(now);
    ms = 5_000;
    const body = JSON.stringify({ type: 'work' });
    const deps = { registry: runs, log: captureLogger().log, now, clock };

    const first = await processDelivery(deliveryFactory({ body }), deps);
    const second = await processDelivery(deliveryFactory({ body }), deps);

    // The first started at the batch's start (4,900), not at its own; the second where the first ended.
    expect([first.outcome.durationMs, second.outcome.durationMs]).toEqual([140, 40]);
    expect(clock.ms).toBe(5_080);
  });

  it('measures a failed task with the same clock (the metrics sum both)', async () => {
    let tick = 0;
    const now = () => new Date(1_000 + 250 * tick++);
    const body = JSON.stringify({ type: 'flaky' });

    const verdict = await processDelivery(deliveryFactory({ body }), {
      registry,
      log: captureLogger().log,
      now,
    });

    expect(verdict.action).toBe('retry');
    expect(verdict.outcome.durationMs).toBe(250);
  });

  it('rejects, never throws synchronously, when the injected clock throws', async () => {
    const now = () => {
      throw new Error('clock broken');
    };
    let verdict: Promise<unknown> | undefined;

    expect(() => {
      verdict = processDelivery(deliveryFactory(), { registry, log: captureLogger().log, now });
    }).not.toThrow();
    await expect(verdict).rejects.toThrow('clock broken');
  });

  it('gives the task the current time when no clock is injected', async () => {
    const seen: Date[] = [];
    const only = createRegistry({
      test: defineTask({
        name: 'test',
        parse: (p) => p,
        run: async (_payload, { now }) => void seen.push(now()),
      }),
    });
    const before = Date.now();

    await processDelivery(deliveryFactory(), { registry: only, log: captureLogger().log });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Date);
    expect(seen[0]?.getTime()).toBeGreaterThanOrEqual(before);
    expect(seen[0]?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('passes the injected sender, clock and signal to the task', async () => {
    const send = vi.fn(async () => {});
    const now = () => new Date('2030-01-01T00:00:00Z');
    const seen: unknown[] = [];
    const only = createRegistry({
      test: defineTask({
        name: 'test',
        parse: (p) => p,
        run: async (_payload, context) => {
          seen.push(context.now().toISOString(), context.signal.aborted);
          await context.send?.('follow-up');
        },
      }),
    });

    await processDelivery(deliveryFactory(), { registry: only, log: captureLogger().log, now, send });

    expect(seen).toEqual(['2030-01-01T00:00:00.000Z', false]);
    expect(send).toHaveBeenCalledWith('follow-up');
  });
});

describe('processDelivery: one log line per failure', () => {
  it.each([
    {
      case: 'retry',
      body: bodies.flaky,
      level: 'warn',
      message: 'message failed, will be retried',
      errorName: 'TaskFailedError',
      task: 'flaky',
      port: false,
    },
    {
      case: 'reject',
      body: bodies.invalidEmail,
      level: 'error',
      message: 'message rejected permanently, left for the queue redrive policy',
      errorName: 'ValidationError',
      task: 'user_signup',
      port: false,
    },
    {
      case: 'dead-lettered',
      body: bodies.unknown,
      level: 'error',
      message: 'message dead-lettered',
      errorName: 'UnknownRouteError',
      task: undefined,
      port: true,
    },
  ])('$case: $message', async (row) => {
    const capture = captureLogger();
    const delivery = deliveryFactory({ body: row.body, receiveCount: 4, queue: 'work-queue' });
    const deadLetter = row.port ? async (_d: unknown, _e: WorkerError) => {} : undefined;

    await processDelivery(delivery, { registry, log: capture.log, deadLetter });

    expect(capture.failures()).toHaveLength(1);
    expect(capture.failures()[0]).toMatchObject({
      level: row.level,
      message: row.message,
      messageId: delivery.messageId,
      errorName: row.errorName,
      receiveCount: 4,
      queue: 'work-queue',
      ...(row.task ? { task: row.task } : {}),
    });
  });

  it('a success logs no failure line, only a debug line', async () => {
    const capture = captureLogger();

    await processDelivery(deliveryFactory({ body: bodies.valid }), { registry, log: capture.log });

    expect(capture.failures()).toEqual([]);
    expect(capture.withMessage('message processed')).toHaveLength(1);
  });

  it.each([
    { level: 'debug' as const, built: 1 },
    { level: 'info' as const, built: 0 },
  ])(
    'a success with the logger at $level: its debug line is built $built time(s)',
    async ({ level, built }) => {
      const capture = captureLogger(level);
      const debug = vi.spyOn(capture.log, 'debug');

      await processDelivery(deliveryFactory({ body: bodies.valid }), { registry, log: capture.log });

      expect(debug).toHaveBeenCalledTimes(built);
      expect(capture.withMessage('message processed')).toHaveLength(built);
    },
  );

  it('the unknown-route error lists the known tasks', async () => {
    const capture = captureLogger();

    await processDelivery(deliveryFactory({ body: bodies.unknown }), { registry, log: capture.log });

    expect(capture.failures()[0]?.error).toBe(
      `no task for route "invoice_reminder" (known: ${registry.names.join(', ')})`,
    );
  });
});
