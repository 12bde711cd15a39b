import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/local/clock.js';
import { ScheduleRunner } from '../../../src/local/eventbridge/schedule-runner.js';
import type { LocalSchedule, ScheduleFiredReport } from '../../../src/local/eventbridge/schedule-types.js';
import { recordingLogger } from '../../helpers/capture-logger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A runner on a manual clock that records every payload it delivers. */
function runnerAt(
  start: string,
  schedules: LocalSchedule[],
  invoke?: (payload: unknown) => Promise<unknown>,
) {
  const clock = createManualClock(new Date(start));
  const payloads: unknown[] = [];
  const reports: ScheduleFiredReport[] = [];
  const logger = recordingLogger();
  const runner = new ScheduleRunner({
    schedules,
    clock,
    region: 'eu-central-1',
    accountId: '123456789012',
    logger,
    invoke: async (payload) => {
      payloads.push(payload);
      await invoke?.(payload);
    },
  });
  runner.on('fired', (report) => reports.push(report));
  return { clock, runner, payloads, reports, logger };
}

describe('ScheduleRunner: payloads', () => {
  it('substitutes the Scheduler context attributes into input', async () => {
    const { clock, runner, payloads } = runnerAt('2026-11-27T12:59:30Z', [
      {
        name: 'nightly-report',
        expression: 'cron(0 13 * * ? *)',
        method: 'scheduler',
        input: {
          task: 'report',
          at: '<aws.scheduler.scheduled-time>',
          arn: '<aws.scheduler.schedule-arn>',
          execution: '<aws.scheduler.execution-id>',
          attempt: '<aws.scheduler.attempt-number>',
        },
      },
    ]);
    runner.start();
    clock.advance(29_999);
    expect(payloads).toEqual([]);
    clock.advance(1);
    await runner.stop();
    expect(payloads).toEqual([
      {
        task: 'report',
        at: '2026-11-27T13:00:00Z',
        arn: 'arn:aws:scheduler:eu-central-1:123456789012:schedule/default/nightly-report',
        execution: expect.stringMatching(UUID),
        attempt: '1',
      },
    ]);
  });

  it('sends the Scheduler default event, with detail as the string "{}", when there is no input', async () => {
    const { clock, runner, payloads } = runnerAt('2026-11-27T12:59:00Z', [
      { name: 'tick', expression: 'cron(0 13 * * ? *)', method: 'scheduler' },
    ]);
    runner.start();
    clock.advanceTo(new Date('2026-11-27T13:00:00Z'));
    await runner.stop();
    expect(payloads).toEqual([
      {
        version: '0',
        id: expect.stringMatching(UUID),
        'detail-type': 'Scheduled Event',
        source: 'aws.scheduler',
        account: '123456789012',
        time: '2026-11-27T13:00:00Z',
        region: 'eu-central-1',
        resources: ['arn:aws:scheduler:eu-central-1:123456789012:schedule/default/tick'],
        detail: '{}',
      },
    ]);
  });

  it('sends the scheduled rule event (source aws.events, detail {}) for method eventBus', async () => {
    const { clock, runner, payloads } = runnerAt('2026-11-27T12:59:00Z', [
      { name: 'tick-rule', expression: 'cron(0 13 * * ? *)' },
    ]);
    runner.start();
    clock.advanceTo(new Date('2026-11-27T13:00:00Z'));
    await runner.stop();
    expect(payloads).toEqual([
      {
        version: '0',
        id: expect.stringMatching(UUID),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '123456789012',
        time: '2026-11-27T13:00:00Z',
        region: 'eu-central-1',
        resources: ['arn:aws:events:eu-central-1:123456789012:rule/tick-rule'],
        detail: {},
      },
    ]);
  });

  it('delivers a rule input verbatim: rules do not substitute Scheduler placeholders', async () => {
    const input = '{"task":"cleanup","at":"<aws.scheduler.scheduled-time>"}';
    const { clock, runner, payloads } = runnerAt('2026-11-27T12:59:00Z', [
      { name: 'cleanup', expression: 'cron(0 13 * * ? *)', input },
    ]);
    runner.start();
    clock.advance(60_000);
    await runner.stop();
    expect(payloads).toEqual([{ task: 'cleanup', at: '<aws.scheduler.scheduled-time>' }]);
  });
});

describe('ScheduleRunner: timing', () => {
  it('fires a rule rate one period after start and a Scheduler rate at once', async () => {
    const { clock, runner, reports } = runnerAt('2026-11-27T12:00:10Z', [
      { name: 'rule', expression: 'rate(5 minutes)' },
      { name: 'schedule', expression: 'rate(5 minutes)', method: 'scheduler' },
    ]);
    runner.start();
    clock.advance(0);
    clock.advance(10 * 60_000);
    await runner.stop();
    const fired = (name: string) =>
      reports.filter((r) => r.schedule.name === name).map((r) => r.scheduledTime.toISOString());
    expect(fired('rule')).toEqual(['2026-11-27T12:05:10.000Z', '2026-11-27T12:10:10.000Z']);
    expect(fired('schedule')).toEqual([
      '2026-11-27T12:00:10.000Z',
      '2026-11-27T12:05:10.000Z',
      '2026-11-27T12:10:10.000Z',
    ]);
  });

  it('keeps its timetable after a failed invocation and reports the failure', async () => {
    const { clock, runner, reports, logger } = runnerAt(
      '2026-11-27T12:00:00Z',
      [{ name: 'flaky', expression: 'cron(0/1 * * * ? *)' }],
      async () => {
        throw new Error('job failed');
      },
    );
    runner.start();
    clock.advance(2 * 60_000);
    await runner.stop();
    expect(reports.map((r) => [r.outcome, r.error?.message])).toEqual([
      ['failed', 'job failed'],
      ['failed', 'job failed'],
    ]);
    expect(logger.entries[0]).toMatchObject({ level: 'error', extra: { schedule: 'flaky' } });
  });

  it('waits past the 24.8-day setTimeout limit for a yearly schedule', async () => {
    const { clock, runner, reports, payloads } = runnerAt('2026-11-27T00:00:00Z', [
      { name: 'yearly', expression: 'cron(0 0 1 1 ? *)' },
    ]);
    runner.start();
    expect(runner.nextFireTimes()[0]?.at?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    // 35 days: past one maximal timer, which must re-arm rather than fire early.
    clock.advanceTo(new Date('2026-12-31T23:59:59Z'));
    expect(payloads).toEqual([]);
    clock.advance(1000);
    await runner.stop();
    expect(reports.map((r) => r.scheduledTime.toISOString())).toEqual(['2027-01-01T00:00:00.000Z']);
  });

  it('stops firing after stop() and never fires disabled schedules', async () => {
    const { clock, runner, payloads } = runnerAt('2026-11-27T12:00:00Z', [
      { name: 'on', expression: 'rate(1 minute)' },
      { name: 'off', expression: 'rate(1 minute)', enabled: false },
    ]);
    runner.start();
    clock.advance(60_000);
    await runner.stop();
    clock.advance(10 * 60_000);
    expect(payloads).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('trigger() fires a schedule outside its timetable', async () => {
    const { runner, payloads } = runnerAt('2026-11-27T12:00:00Z', [
      {
        name: 'manual',
        expression: 'cron(0 0 1 1 ? *)',
        method: 'scheduler',
        input: { at: '<aws.scheduler.scheduled-time>' },
      },
    ]);
    await runner.trigger('manual', new Date('2026-11-27T12:34:56.789Z'));
    expect(payloads).toEqual([{ at: '2026-11-27T12:34:56Z' }]);
    await expect(runner.trigger('missing')).rejects.toThrow(/No schedule named "missing"/);
  });
});

describe('ScheduleRunner: validation', () => {
  it.each([
    [
      { name: 'tz', expression: 'cron(0 9 * * ? *)', timezone: 'Europe/Berlin' },
      /timezone needs method "scheduler"/,
    ],
    [
      { name: 'zone', expression: 'cron(0 9 * * ? *)', method: 'scheduler', timezone: 'Mars/Base' },
      /Invalid schedule "zone"/,
    ],
    [{ name: 'json', expression: 'rate(1 hour)', input: '{not json' }, /input is not valid JSON/],
    [{ name: 'expr', expression: 'cron(0 9 * * * *)' }, /Invalid schedule "expr"/],
  ] as [LocalSchedule, RegExp][])('rejects %o', (schedule, message) => {
    expect(() => runnerAt('2026-11-27T12:00:00Z', [schedule])).toThrow(message);
  });

  it('accepts a timezone for Scheduler schedules and fires in it', async () => {
    const { clock, runner, reports } = runnerAt('2026-11-27T00:00:00Z', [
      { name: 'berlin', expression: 'cron(0 9 * * ? *)', method: 'scheduler', timezone: 'Europe/Berlin' },
    ]);
    runner.start();
    clock.advanceTo(new Date('2026-11-27T08:00:00Z'));
    await runner.stop();
    expect(reports.map((r) => r.scheduledTime.toISOString())).toEqual(['2026-11-27T08:00:00.000Z']);
  });
});
