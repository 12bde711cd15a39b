import { describe, expect, it } from 'vitest';
import { RetryableError, ValidationError } from '../../src/core/errors.js';
import { defineTask } from '../../src/core/registry.js';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { REPO_ROOT, realService, workerWithTasks } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { queueDepth as depth } from '../helpers/queue-depth.js';
import { drain, sendAll } from '../helpers/queue-io.js';

const SENT = 2000;
// Deterministic faults by message number: 2% poison, 20% transient (failing their first 1 or 2 receives).
const isPoison = (n: number) => n % 50 === 0;
const isTransient = (n: number) => !isPoison(n) && n % 5 === 1;
const transientFailures = (n: number) => (n % 2 === 0 ? 2 : 1);

describe('local tier soak', () => {
  it(`${SENT} messages, 20% transient and 2% poison faults: processed + dead-lettered = sent, none lost`, async () => {
    const succeeded: number[] = [];
    let attempts = 0;
    const soakTask = defineTask({
      name: 'soak',
      parse: (payload) => (payload as { n: number }).n,
      run: async (n, { message }) => {
        attempts++;
        if (isPoison(n)) throw new ValidationError('data.n', `poison message ${n}`);
        if (isTransient(n) && message.receiveCount <= transientFailures(n)) {
          // Half throw a plain Error (classified TaskFailedError), half ask for a retry explicitly.
          if (n % 3 === 0) throw new Error(`transient failure of ${n}`);
          throw new RetryableError(`transient failure of ${n}`);
        }
        succeeded.push(n);
      },
    });
    // The real serverless.yml (batch 10, window 1 s, concurrency 50, ERROR_VISIBILITY_TIMEOUT 2, DLQ) with
    // the real worker core; only the task is injected.
    const tier = await startLocalTier({
      root: REPO_ROOT,
      service: realService(),
      port: 0,
      logger: recordingLogger(),
      schedules: false,
      handlerOverride: (fn) =>
        fn.key === 'worker' ? workerWithTasks(fn.environment, { soak: soakTask }) : undefined,
    });
    const started = Date.now();
    try {
      const work = tier.queue('WorkQueue');
      const dlq = tier.queue('DeadLetterQueue');
      const numbers = Array.from({ length: SENT }, (_, n) => n);
      await sendAll(
        tier.client,
        work.url,
        numbers.map((n) => ({ MessageBody: JSON.stringify({ type: 'soak', data: { n } }) })),
      );

      await eventually(async () => ((await depth(tier.client, work.url)) === 0 ? true : undefined), {
        timeoutMs: 80_000,
      });
      const deadLettered = (await drain(tier.client, dlq.url)).map(
        (m) => (JSON.parse(m.Body ?? '{}') as { data: { n: number } }).data.n,
      );

      const processed = new Set(succeeded);
      const dead = new Set(deadLettered);
      const duplicates = succeeded.length - processed.size + (deadLettered.length - dead.size);
      const lost = numbers.filter((n) => !processed.has(n) && !dead.has(n));
      console.info(
        `soak: sent ${SENT}, processed ${processed.size}, dead-lettered ${dead.size}, duplicates ${duplicates}, ` +
          `task attempts ${attempts}, lost ${lost.length}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(lost).toEqual([]);
      expect(processed.size + dead.size).toBe(SENT);
      expect([...processed].filter((n) => dead.has(n))).toEqual([]);
      expect([...dead].sort((a, b) => a - b)).toEqual(numbers.filter(isPoison));
      expect(tier.mappings[0]?.mapping.stats).toMatchObject({ errors: 0, deleteErrors: 0 });
    } finally {
      await tier.stop();
    }
  }, 90_000);
});
