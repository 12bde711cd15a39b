import { afterEach, describe, expect, it } from 'vitest';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { attribute, REPO_ROOT, realService, workerWithTasks } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { queueDepth as depth } from '../helpers/queue-depth.js';
import { drain, sendAll } from '../helpers/queue-io.js';

// The real serverless.yml (ERROR_VISIBILITY_TIMEOUT 2 s, DLQ wired) on a random port; the worker is wired
// as src/handlers/sqs-worker.ts wires it, with the app's own registry (retry_demo included) and its log
// lines captured with the time they were written.
type Line = { at: number; line: Record<string, unknown> };

let tier: LocalTier | undefined;
afterEach(async () => {
  await tier?.stop();
  tier = undefined;
});

async function startTier(extraEnvironment: Record<string, string> = {}) {
  const lines: Line[] = [];
  tier = await startLocalTier({
    root: REPO_ROOT,
    service: realService(),
    port: 0,
    logger: recordingLogger(),
    schedules: false,
    handlerOverride: (fn) =>
      fn.key === 'worker'
        ? workerWithTasks({ ...fn.environment, ...extraEnvironment }, {}, (line) =>
            lines.push({ at: Date.now(), line: JSON.parse(line) }),
          )
        : undefined,
  });
  return { tier, lines };
}

describe('local tier: the retry demo', () => {
  it('a retry_demo with failures 2 fails twice, comes back after ERROR_VISIBILITY_TIMEOUT, then succeeds; a permanent one is dead-lettered', async () => {
    const { tier: running, lines } = await startTier();
    const work = running.queue('WorkQueue');
    const dlq = running.queue('DeadLetterQueue');

    const [retried] = await sendAll(running.client, work.url, [
      { MessageBody: JSON.stringify({ type: 'retry_demo', failures: 2 }) },
      { MessageBody: JSON.stringify({ type: 'retry_demo', fail: 'permanent' }) },
    ]);

    await eventually(async () => ((await depth(running.client, work.url)) === 0 ? true : undefined));
    const deadLettered = await drain(running.client, dlq.url);
    const about = (id: string | undefined) => lines.filter(({ line }) => line.messageId === id);

    const attempts = about(retried).filter(
      ({ line }) => line.task === 'retry_demo' && line.level !== 'debug',
    );
    expect(attempts.map(({ line }) => [line.message, line.receiveCount])).toEqual([
      ['message failed, will be retried', 1],
      ['message failed, will be retried', 2],
      ['retry demo succeeded', 3],
    ]);
    // Each retry waited out ERROR_VISIBILITY_TIMEOUT (2 s) before the next receive. A lower bound only:
    // a slow machine can make it later, never earlier.
    const [first, second, third] = attempts.map(({ at }) => at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1500);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(1500);

    expect(deadLettered.map((m) => JSON.parse(m.Body ?? '{}').fail)).toEqual(['permanent']);
    expect(attribute(deadLettered[0], 'worker.error')).toBe('RetryDemoPermanentError');
    expect(attribute(deadLettered[0], 'worker.receive-count')).toBe('1');
  });

  it('UNKNOWN_TASK_POLICY=delete deletes an unknown type with a warning; the default dead-letters it', async () => {
    for (const policy of ['delete', 'dead-letter']) {
      const { tier: running, lines } = await startTier({ UNKNOWN_TASK_POLICY: policy });
      const work = running.queue('WorkQueue');
      const dlq = running.queue('DeadLetterQueue');

      const [id] = await sendAll(running.client, work.url, [
        { MessageBody: JSON.stringify({ type: 'legacy_task', data: { id: 1 } }) },
      ]);

      await eventually(async () => ((await depth(running.client, work.url)) === 0 ? true : undefined));
      const deadLettered = await drain(running.client, dlq.url);
      const line = lines.find(({ line }) => line.messageId === id && line.level !== 'debug')?.line;
      if (policy === 'delete') {
        expect(deadLettered).toEqual([]);
        expect(line).toMatchObject({ level: 'warn', route: 'legacy_task', errorName: 'UnknownRouteError' });
      } else {
        expect(deadLettered.map((m) => attribute(m, 'worker.error'))).toEqual(['UnknownRouteError']);
        expect(line).toMatchObject({ level: 'error', message: 'message dead-lettered' });
      }
      await running.stop();
      tier = undefined;
    }
  });
});
