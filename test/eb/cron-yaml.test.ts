import { describe, expect, it } from 'vitest';
import { buildCronEntries, renderCronYaml } from '../../scripts/eb/cron-yaml.js';
import { EbBundleError } from '../../scripts/eb/eb-bundle-error.js';
import { readWorkerService, type ScheduledTask } from '../../scripts/eb/read-service.js';
import { expectCronYamlMatches } from '../helpers/expect-cron-yaml.js';
import { printedService } from '../helpers/service-fixture.js';

describe('cron.yaml from the printed serverless.yml fixture', () => {
  const service = readWorkerService(printedService());
  const text = renderCronYaml(buildCronEntries(service.schedules));

  it('is version 1 with unique names, and every schedule fires when its EventBridge cron does', () => {
    expectCronYamlMatches(text, service.schedules);
  });

  it('names single-schedule entries after the task and suffixes tasks with several', () => {
    expect(buildCronEntries(service.schedules)).toEqual([
      { name: 'scheduled-1', url: '/scheduled', schedule: '*/5 * * * *' },
      { name: 'scheduled-2', url: '/scheduled', schedule: '30 2 * * 0' },
      { name: 'cleanup', url: '/cleanup', schedule: '0 23 * * *' },
      { name: 'reports-1', url: '/reports', schedule: '0 12 1,15 * *' },
      { name: 'reports-2', url: '/reports', schedule: '0 12 * * 1' },
      { name: 'backup', url: '/backup', schedule: '0 */12 * * *' },
    ]);
  });

  it('quotes schedules so a leading * is not read as a YAML alias', () => {
    expect(text).toContain('schedule: "*/5 * * * *"');
  });
});

describe('buildCronEntries', () => {
  const task = (name: string, ...expressions: string[]): ScheduledTask => ({
    task: name,
    functionName: 'scheduled',
    expressions,
  });

  it('converts exactly expressible rates', () => {
    expect(buildCronEntries([task('poll', 'rate(10 minutes)')])).toEqual([
      { name: 'poll', url: '/poll', schedule: '*/10 * * * *' },
    ]);
  });

  it.each([
    { expression: 'cron(0 0 L * ? *)', says: 'uses L (last day' },
    { expression: 'cron(0 0 15W * ? *)', says: 'uses W (weekday nearest' },
    { expression: 'cron(0 9 ? * 2#1 *)', says: 'uses # (nth weekday' },
    { expression: 'cron(0 9 ? * 6L *)', says: 'uses L (last day' },
    { expression: 'cron(0 0 1 1 ? 2027)', says: 'crontab has no year field' },
    { expression: 'rate(7 minutes)', says: 'cannot be expressed exactly in crontab' },
  ])('fails clearly on $expression', ({ expression, says }) => {
    const run = () => buildCronEntries([task('cleanup', 'cron(0 23 * * ? *)'), task('reports', expression)]);
    expect(run).toThrow(EbBundleError);
    expect(run).toThrow(
      `schedule of task "reports" (function scheduled): EventBridge expression "${expression}"`,
    );
    expect(run).toThrow(says);
  });

  it('fails when suffixing would repeat a name, since sqsd keeps only the last duplicate', () => {
    const run = () =>
      buildCronEntries([task('sync', 'rate(1 hour)', 'rate(1 day)'), task('sync-2', 'rate(1 hour)')]);
    expect(run).toThrow('two cron.yaml entries would both be named "sync-2"');
  });

  it.each(['s3:TestEvent', 'a/b', '-x', 'has space'])(
    'fails on task name %j, which is no URL path segment',
    (name) => {
      expect(() => buildCronEntries([task(name, 'rate(1 hour)')])).toThrow(
        `task "${name}" (function scheduled)`,
      );
    },
  );
});
