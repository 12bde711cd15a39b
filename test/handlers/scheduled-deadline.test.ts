import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduledHandler } from '../../src/handlers/scheduled-handler.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { lambdaContextFactory } from '../helpers/factories.js';
import { appRegistryWith, testOnlyTask } from '../helpers/registries.js';

const event = { task: 'slow', scheduledTime: '2026-01-01T00:00:00Z' };

/** The Lambda timeout of the scheduled function (serverless.yml) and the default stop margin. */
const TIMEOUT_MS = 300_000;
const MARGIN_MS = 2000;

describe('scheduled runs get a deadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the task's signal aborts the stop margin before the Lambda timeout, not later", async () => {
    const seen: string[] = [];
    const slow = testOnlyTask('slow', async (_payload, { signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      seen.push('aborted');
    });
    const { log } = captureLogger();
    const run = createScheduledHandler({ registry: appRegistryWith({ slow }), log, stopMarginMs: MARGIN_MS });

    const result = run(event, lambdaContextFactory({ remainingMs: TIMEOUT_MS }));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - MARGIN_MS - 1);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);

    expect(seen).toEqual(['aborted']);
    // The task returned when told to: the run is a success, acknowledged before the timeout.
    await expect(result).resolves.toMatchObject({ task: 'slow', action: 'ack' });
  });

  it('a task that ignores its signal is given up on before the timeout, with a retryable error', async () => {
    const hangs = testOnlyTask('slow', () => new Promise<void>(() => undefined));
    const capture = captureLogger();
    const run = createScheduledHandler({
      registry: appRegistryWith({ slow: hangs }),
      log: capture.log,
      stopMarginMs: MARGIN_MS,
    });
    let settled: unknown;

    const context = lambdaContextFactory({ remainingMs: TIMEOUT_MS, awsRequestId: 'req-1' });
    const result = run(event, context).catch((error: unknown) => {
      settled = error;
    });
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    await result;

    expect(settled).toMatchObject({
      name: 'RetryableError',
      permanent: false,
      message: 'scheduled task did not finish before the Lambda timeout',
      messageId: 'req-1',
    });
    expect(capture.withMessage('scheduled task still running at the deadline, will be retried')).toEqual([
      expect.objectContaining({ level: 'error', messageId: 'req-1', errorName: 'RetryableError' }),
    ]);
  });

  it('a run that finishes in time leaves no deadline timer behind', async () => {
    const quick = testOnlyTask('slow', async () => {});
    const run = createScheduledHandler({
      registry: appRegistryWith({ slow: quick }),
      log: captureLogger().log,
      stopMarginMs: MARGIN_MS,
    });

    await expect(run(event, lambdaContextFactory({ remainingMs: TIMEOUT_MS }))).resolves.toMatchObject({
      action: 'ack',
    });

    // A pending timer would fire into the next invocation of a warm container (or keep a local loop alive).
    expect(vi.getTimerCount()).toBe(0);
  });
});
