import { describe, expect, it } from 'vitest';
import { ServiceModelError } from '../../src/service/service-model-error.js';
import { type Edit, fixtureSettings, REMOVE } from '../helpers/service-fixture.js';

const SCHEDULE = 'functions.scheduled.events.1.schedule';
const REPORTS = 'functions.scheduled.events.2.schedule';

/** A `scheduled` function whose events are exactly these schedules. */
const onlySchedules = (...schedules: object[]): Edit => [
  'functions.scheduled.events',
  schedules.map((schedule) => ({ schedule })),
];
const taskSchedule = (task: string, ...rate: string[]) => ({ rate, input: { task } });

describe('deriveEbWorkerSettings: cron.yaml entries', () => {
  it('names a task after itself and numbers its later schedules from 2 (docs/eb-worker-settings.md)', () => {
    expect(fixtureSettings().cron).toEqual([
      { name: 'scheduled', url: '/scheduled', schedule: '*/5 * * * *' },
      { name: 'scheduled-2', url: '/scheduled', schedule: '30 2 * * 0' },
      { name: 'cleanup', url: '/cleanup', schedule: '0 23 * * *' },
      { name: 'reports', url: '/reports', schedule: '0 12 1,15 * *' },
      { name: 'reports-2', url: '/reports', schedule: '0 12 * * 1' },
      { name: 'backup', url: '/backup', schedule: '0 */12 * * *' },
    ]);
  });

  it('keeps the names of existing schedules when one is added', () => {
    const before = fixtureSettings(onlySchedules(taskSchedule('sync', 'rate(1 hour)')));
    const after = fixtureSettings(
      onlySchedules(taskSchedule('sync', 'rate(1 hour)'), taskSchedule('sync', 'rate(1 day)')),
    );
    expect(before.cron.map((entry) => entry.name)).toEqual(['sync']);
    expect(after.cron.map((entry) => entry.name)).toEqual(['sync', 'sync-2']);
  });

  it('groups a task scheduled by several events, numbering in serverless.yml order', () => {
    const settings = fixtureSettings(
      onlySchedules(
        taskSchedule('a', 'rate(1 hour)'),
        taskSchedule('b', 'rate(1 day)'),
        taskSchedule('a', 'rate(2 hours)', 'rate(3 hours)'),
      ),
    );
    expect(settings.cron.map(({ name, url }) => `${name} ${url}`)).toEqual([
      'a /a',
      'a-2 /a',
      'a-3 /a',
      'b /b',
    ]);
  });

  it.each([
    {
      name: 'a schedule input given as a JSON string',
      edits: [[`${SCHEDULE}.input`, '{"task":"purge"}']],
      expected: ['scheduled', 'scheduled-2', 'purge', 'reports', 'reports-2', 'backup'],
    },
    {
      name: 'a disabled schedule, which does not run on Lambda either',
      edits: [[`${SCHEDULE}.enabled`, false]],
      expected: ['scheduled', 'scheduled-2', 'reports', 'reports-2', 'backup'],
    },
    {
      name: 'a single rate string',
      edits: [[`${REPORTS}.rate`, 'rate(1 hour)']],
      expected: ['scheduled', 'scheduled-2', 'cleanup', 'reports', 'backup'],
    },
    {
      name: 'an explicit UTC timezone',
      edits: [[`${SCHEDULE}.timezone`, 'Etc/UTC']],
      expected: ['scheduled', 'scheduled-2', 'cleanup', 'reports', 'reports-2', 'backup'],
    },
  ] as { name: string; edits: Edit[]; expected: string[] }[])('accepts $name', ({ edits, expected }) => {
    const settings = fixtureSettings(...edits);
    expect(settings.cron.map((entry) => entry.name)).toEqual(expected);
    expect(settings.skipped).toEqual([]);
  });

  it('converts exactly expressible rates', () => {
    expect(fixtureSettings(onlySchedules(taskSchedule('poll', 'rate(10 minutes)'))).cron).toEqual([
      { name: 'poll', url: '/poll', schedule: '*/10 * * * *' },
    ]);
  });

  it.each([
    {
      edits: [[`${SCHEDULE}.input`, { scheduledTime: 'x' }]],
      says: 'functions.scheduled.events[1].schedule.input.task is missing',
    },
    {
      edits: [[`${SCHEDULE}.input`, REMOVE]],
      says: 'functions.scheduled.events[1].schedule has no input; cron.yaml needs input.task',
    },
    {
      edits: [[SCHEDULE, 'cron(0 1 * * ? *)']],
      says: 'functions.scheduled.events[1].schedule has no input',
    },
    {
      edits: [[`${SCHEDULE}.timezone`, 'Europe/Berlin']],
      says: 'schedule.timezone is "Europe/Berlin", but cron.yaml schedules run in UTC',
    },
  ] as { edits: Edit[]; says: string }[])('skips, saying why: $says', ({ edits, says }) => {
    const settings = fixtureSettings(...edits);
    expect(settings.skipped).toEqual([expect.stringContaining(says)]);
    expect(settings.cron.map((entry) => entry.url)).not.toContain('/cleanup');
  });

  it.each([
    { expression: 'cron(0 0 L * ? *)', says: 'uses L (last day' },
    { expression: 'cron(0 0 15W * ? *)', says: 'uses W (weekday nearest' },
    { expression: 'cron(0 9 ? * 2#1 *)', says: 'uses # (nth weekday' },
    { expression: 'cron(0 9 ? * 6L *)', says: 'uses L (last day' },
    { expression: 'cron(0 0 1 1 ? 2027)', says: 'crontab has no year field' },
    { expression: 'rate(7 minutes)', says: 'cannot be expressed exactly in crontab' },
  ])('skips $expression, saying why', ({ expression, says }) => {
    const settings = fixtureSettings([`${REPORTS}.rate`, [expression]]);
    const [skipped] = settings.skipped;
    expect(settings.skipped).toHaveLength(1);
    expect(skipped).toContain(
      `schedule of task "reports" (function scheduled): EventBridge expression "${expression}"`,
    );
    expect(skipped).toContain(says);
    expect(settings.cron.map((entry) => entry.name)).not.toContain('reports');
  });

  it.each(['s3:TestEvent', 'a/b', '-x', 'has space'])(
    'skips task name %j, which is no URL path segment',
    (name) => {
      const settings = fixtureSettings(onlySchedules(taskSchedule(name, 'rate(1 hour)')));
      expect(settings.cron).toEqual([]);
      expect(settings.skipped).toEqual([
        `task "${name}" (function scheduled) cannot be a cron.yaml url path segment`,
      ]);
    },
  );

  it('fails when numbering would repeat a name, since sqsd keeps only the last duplicate', () => {
    const run = () =>
      fixtureSettings(
        onlySchedules(
          taskSchedule('sync', 'rate(1 hour)', 'rate(1 day)'),
          taskSchedule('sync-2', 'rate(1 hour)'),
        ),
      );
    expect(run).toThrow(ServiceModelError);
    expect(run).toThrow('two cron.yaml entries would both be named "sync-2"');
  });

  it('fails on a rate that is not a string', () => {
    expect(() => fixtureSettings([`${SCHEDULE}.rate`, [42]])).toThrow(
      'functions.scheduled.events[1].schedule.rate[0] is not a string',
    );
  });
});
