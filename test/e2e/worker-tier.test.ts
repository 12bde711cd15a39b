import { afterEach, describe, expect, it } from 'vitest';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { testTask } from '../../src/tasks/test.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { attribute, REPO_ROOT, realServiceWithReceiveLimit, workerWithTasks } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { queueDepth as depth } from '../helpers/queue-depth.js';
import { drain, sendAll } from '../helpers/queue-io.js';
import { busyTask, type Execution, flakyTask, recording } from '../helpers/registries.js';

// The real serverless.yml (via serverless print) on a random port, through startLocalTier as `npm start`
// runs it. WorkQueue's maxReceiveCount is lowered to 3 so redrive happens within the test.
let tier: LocalTier | undefined;
afterEach(async () => {
  await tier?.stop();
  tier = undefined;
});

const body = (type: string, data: unknown) => ({ MessageBody: JSON.stringify({ type, data }) });

describe('local tier: mixed batch on the real service', () => {
  it('processes valid messages once, dead-letters permanent failures with worker.error, retries retryable ones', async () => {
    const executions: Execution[] = [];
    const logs: string[] = [];
    const logger = recordingLogger();
    tier = await startLocalTier({
      root: REPO_ROOT,
      service: realServiceWithReceiveLimit(3),
      port: 0,
      logger,
      handlerOverride: (fn) =>
        fn.key === 'worker'
          ? workerWithTasks(
              fn.environment,
              {
                test: recording(testTask, executions),
                flaky: recording(flakyTask, executions),
                busy: recording(busyTask(), executions),
              },
              (line) => logs.push(line),
            )
          : undefined,
    });
    const running = tier;
    const work = running.queue('WorkQueue');
    const dlq = tier.queue('DeadLetterQueue');

    await sendAll(tier.client, work.url, [
      body('test', { id: 'ok-1' }),
      body('test', { id: 'ok-2' }),
      body('test', { id: 'ok-3' }),
      body('user_signup', { userId: 'u1', email: 'not-an-email' }),
      body('nope', { id: 'unknown-route' }),
      { MessageBody: '{"type": "test", "data": ' },
      body('flaky', { id: 'flaky-2', succeedOn: 2 }),
      body('flaky', { id: 'flaky-3', succeedOn: 3 }),
      body('busy', { id: 'busy' }),
    ]);

    // Done when the work queue is empty: everything was deleted or moved to the DLQ.
    await eventually(async () => ((await depth(running.client, work.url)) === 0 ? true : undefined));
    const deadLettered = await drain(tier.client, dlq.url);

    const ok = executions
      .filter((e) => e.ok)
      .map((e) => e.id)
      .sort();
    expect(ok).toEqual(['flaky-2', 'flaky-3', 'ok-1', 'ok-2', 'ok-3']);
    expect(executions.filter((e) => e.route === 'test').map((e) => e.receiveCount)).toEqual([1, 1, 1]);
    expect(executions.filter((e) => e.id === 'flaky-3').map((e) => [e.receiveCount, e.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(executions.filter((e) => e.id === 'busy').map((e) => e.receiveCount)).toEqual([1, 2, 3]);

    const byError = Object.fromEntries(
      deadLettered.map((m) => [attribute(m, 'worker.error') ?? 'redrive', m]),
    );
    expect(Object.keys(byError).sort()).toEqual([
      'MalformedMessageError',
      'UnknownRouteError',
      'ValidationError',
      'redrive',
    ]);
    expect(attribute(byError.ValidationError, 'worker.source-queue')).toBe(work.name);
    expect(attribute(byError.ValidationError, 'worker.receive-count')).toBe('1');
    // The always-retryable message reached the DLQ through the queue's own redrive policy.
    expect(JSON.parse(byError.redrive?.Body ?? '{}').type).toBe('busy');
    // Failed messages came back after ERROR_VISIBILITY_TIMEOUT (2 s), not the 300 s VisibilityTimeout:
    // the worker's ChangeMessageVisibility calls reached the emulator.
    expect(logs.filter((line) => line.includes('visibility change failed'))).toEqual([]);
    expect(tier.mappings[0]?.mapping.stats.errors).toBe(0);
  });
});

describe('local tier: drain on stop', () => {
  it('stop() resolves only after in-flight invocations settled, and nothing is left behind', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    tier = await startLocalTier({
      root: REPO_ROOT,
      service: realServiceWithReceiveLimit(3),
      port: 0,
      logger: recordingLogger(),
      schedules: false,
      handlerOverride: (fn) =>
        fn.key === 'worker'
          ? async (event: { Records: unknown[] }) => {
              events.push(`started ${event.Records.length}`);
              await released;
              events.push(`finished ${event.Records.length}`);
              return { batchItemFailures: [] };
            }
          : undefined,
    });
    const running = tier;
    const work = running.queue('WorkQueue');
    await sendAll(
      running.client,
      work.url,
      [1, 2, 3, 4, 5].map((n) => body('test', { id: n })),
    );
    await eventually(async () => (events.length > 0 ? true : undefined));
    // Everything sent is in hand (one batch, or several): no message is still only in the queue.
    await eventually(async () => (running.mappings[0]?.mapping.stats.received === 5 ? true : undefined));

    const stopped = running.stop().then(() => events.push('stop resolved'));
    events.push('stop called');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await stopped;
    tier = undefined;

    expect(events.at(-1)).toBe('stop resolved');
    // The handler was still running when stop() was called, and finished before stop() resolved.
    expect(events.lastIndexOf('stop called')).toBeLessThan(
      events.findLastIndex((e) => e.startsWith('finished')),
    );
    const started = events.filter((e) => e.startsWith('started')).length;
    expect(events.filter((e) => e.startsWith('finished')).length).toBe(started);
    expect(running.mappings[0]?.mapping.stats).toMatchObject({ received: 5, processed: 5, failed: 0 });
    expect(running.mappings[0]?.mapping.stats.inFlight).toBe(0);
  });
});
