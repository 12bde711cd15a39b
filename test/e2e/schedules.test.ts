import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../src/local/clock.js';
import type { ScheduleFiredReport } from '../../src/local/eventbridge/schedule-types.js';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { attribute, REPO_ROOT, realService } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { drain } from '../helpers/queue-io.js';

// The real scheduled handler (imported by the tier under its resolved environment) driven by the real
// serverless.yml schedules and an injected clock.
let tier: LocalTier | undefined;
afterEach(async () => {
  await tier?.stop();
  tier = undefined;
  vi.restoreAllMocks();
});

/** Handler log lines: the real handlers log JSON through console.log, as on Lambda. */
function captureConsole(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    if (typeof line === 'string' && line.startsWith('{"level"')) lines.push(JSON.parse(line));
  });
  return lines;
}

describe('local tier: schedules', () => {
  it('fires the cron schedules due at Sunday 01:00 UTC into the real scheduled handler', async () => {
    const lines = captureConsole();
    const clock = createManualClock(new Date('2026-01-04T00:59:30Z')); // a Sunday
    tier = await startLocalTier({
      root: REPO_ROOT,
      service: realService(),
      port: 0,
      clock,
      logger: recordingLogger(),
    });
    const fired: ScheduleFiredReport[] = [];
    for (const { runner } of tier.schedules) runner.on('fired', (report) => fired.push(report));

    clock.advanceTo(new Date('2026-01-04T01:00:00Z'));
    await eventually(async () => (fired.length === 3 ? true : undefined));

    expect(fired.map((f) => [f.schedule.name, f.outcome]).sort()).toEqual([
      ['worker-tier-dev-backup', 'succeeded'],
      ['worker-tier-dev-cleanup', 'succeeded'],
      ['worker-tier-dev-scheduled', 'succeeded'],
    ]);
    const backup = lines.find((line) => line.message === 'backup: running the weekly backup');
    // `<aws.scheduler.scheduled-time>` in the input was replaced by the planned fire time.
    expect(backup).toMatchObject({ scheduledAt: '2026-01-04T01:00:00.000Z', source: 'schedule' });
  });

  it('dead-letters a schedule naming an unknown task through the DLQ from the resolved environment', async () => {
    captureConsole();
    const service = realService();
    service.functions.scheduled?.events?.push({
      schedule: {
        method: 'scheduler',
        name: 'e2e-unknown-task',
        rate: ['rate(1 hour)'],
        input: { task: 'no_such_task', scheduledTime: '<aws.scheduler.scheduled-time>' },
      },
    });
    const clock = createManualClock(new Date('2026-01-05T10:00:00Z'));
    // A Scheduler rate fires when the schedule is created, i.e. at start.
    tier = await startLocalTier({ root: REPO_ROOT, service, port: 0, clock, logger: recordingLogger() });
    const running = tier;
    const dlq = running.queue('DeadLetterQueue');
    clock.advance(0); // the manual clock runs due timers only when moved

    const [message] = await eventually(async () => {
      const messages = await drain(running.client, dlq.url);
      return messages.length > 0 ? messages : undefined;
    });

    expect(attribute(message, 'worker.error')).toBe('UnknownRouteError');
    expect(JSON.parse(message?.Body ?? '{}')).toEqual({
      task: 'no_such_task',
      scheduledTime: '2026-01-05T10:00:00Z',
    });
  });
});
