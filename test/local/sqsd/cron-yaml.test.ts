/**
 * docs/sqsd-behaviour.md#cron-file and #conformance-checklist items 27–28 (parsing side): cron.yaml as sqsd
 * 2.0's schedule_parser reads it.
 */
import { describe, expect, it } from 'vitest';
import { renderCronYaml } from '../../../scripts/eb/cron-yaml.js';
import { CronYamlError, parseCronYaml } from '../../../src/local/sqsd/index.js';
import { recordingLogger } from '../../helpers/capture-logger.js';

const yaml = (cron: string) => `version: 1\ncron:\n${cron}`;
const entry = (name: string, url: string, schedule: string) =>
  ` - name: "${name}"\n   url: "${url}"\n   schedule: "${schedule}"\n`;

describe('parseCronYaml', () => {
  it('reads the documented example, ignoring unknown keys', () => {
    const text = `version: 1
cron:
 - name: "backup-job"      # unique per task
   url: "/backup"
   schedule: "0 */12 * * *"
   comment: ignored
 - name: "audit"
   url: "/audit"
   schedule: "0 23 * * *"
`;
    expect(parseCronYaml(text)).toEqual([
      { name: 'backup-job', url: '/backup', schedule: '0 */12 * * *' },
      { name: 'audit', url: '/audit', schedule: '0 23 * * *' },
    ]);
  });

  it('reads the cron.yaml that `npm run package:eb` writes', () => {
    const entries = [
      { name: 'cleanup', url: '/cleanup', schedule: '0 * * * *' },
      { name: 'reports-2', url: '/reports', schedule: '*/15 9-17 * * MON-FRI' },
    ];
    expect(parseCronYaml(renderCronYaml(entries))).toEqual(entries);
  });

  it('27: a file without version, or with a version other than 1, is rejected', () => {
    expect(() => parseCronYaml(`cron:\n${entry('a', '/a', '* * * * *')}`)).toThrow(/cannot find 'version'/);
    expect(() => parseCronYaml(`version: 2\ncron: []\n`)).toThrow(/not supported version 2/);
    expect(() => parseCronYaml(`version: "1"\ncron: []\n`)).toThrow(CronYamlError);
    expect(() => parseCronYaml('   \n')).toThrow(/empty/);
  });

  it('27: an entry missing name, url or schedule is rejected, naming the entry and the key', () => {
    const missing = (omit: string) =>
      yaml(
        ` - ${['name: "n"', 'url: "/u"', 'schedule: "* * * * *"']
          .filter((line) => !line.startsWith(omit))
          .join('\n   ')}\n`,
      );
    expect(() => parseCronYaml(missing('name'))).toThrow(/entry 1: "name" is missing/);
    expect(() => parseCronYaml(missing('url'))).toThrow(/entry 1 \("n"\): "url" is missing/);
    expect(() => parseCronYaml(missing('schedule'))).toThrow(/entry 1 \("n"\): "schedule" is missing/);
    expect(() => parseCronYaml(yaml(' - name: ""\n   url: "/u"\n   schedule: "* * * * *"\n'))).toThrow(
      /"name" must be a non-empty string/,
    );
    expect(() => parseCronYaml('version: 1\ncron: nope\n')).toThrow(/'cron' must be a list/);
  });

  it('28: schedules are 5-field crontab: seconds/years, macros and Quartz extensions are rejected', () => {
    const bad = (schedule: string) => () => parseCronYaml(yaml(entry('t', '/t', schedule)));
    expect(bad('0 * * * * *')).toThrow(/expected 5 fields .* got 6.*1-minute granularity/);
    expect(bad('@hourly')).toThrow(/macros/);
    expect(bad('60 * * * *')).toThrow(/\(minute field\).*outside 0-59/);
    expect(bad('0 0 ? * MON')).toThrow(/\(day-of-month field\)/);
    expect(bad('0 0 L * *')).toThrow(/CronYamlError|day-of-month/);
    expect(bad('0 0 30 2 *')).toThrow(/never fires/);
    expect(bad('not a cron')).toThrow(/entry 1 \("t"\): schedule: crontab expression "not a cron"/);
  });

  it('accepts ranges, steps, lists and names', () => {
    const schedules = ['*/5 * * * *', '0 9-17/2 * * mon-fri', '15,45 0 1 jan,jul *', '0 0 * * 7'];
    const text = yaml(schedules.map((s, i) => entry(`t${i}`, `/t${i}`, s)).join(''));
    expect(parseCronYaml(text).map((e) => e.schedule)).toEqual(schedules);
  });

  it('rejects a url that is not a path on the app (sqsd resolves it against http://localhost/)', () => {
    expect(() => parseCronYaml(yaml(entry('t', 'http://evil.example/x', '* * * * *')))).toThrow(
      /must be a path/,
    );
    expect(() => parseCronYaml(yaml(entry('t', '//evil.example/x', '* * * * *')))).toThrow(/must be a path/);
    expect(parseCronYaml(yaml(entry('t', 'relative?x=1', '* * * * *')))[0]?.url).toBe('relative?x=1');
  });

  it('duplicate names: the later entry wins (as sqsd 2.0), with a warning', () => {
    const logger = recordingLogger();
    const text = yaml(
      entry('job', '/first', '0 * * * *') +
        entry('other', '/o', '0 0 * * *') +
        entry('job', '/second', '30 * * * *'),
    );
    expect(parseCronYaml(text, { logger })).toEqual([
      { name: 'job', url: '/second', schedule: '30 * * * *' },
      { name: 'other', url: '/o', schedule: '0 0 * * *' },
    ]);
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringContaining('duplicate task name "job"'),
      }),
    ]);
  });

  it('warns when both day-of-month and day-of-week are restricted (sqsd ANDs them, Vixie ORs)', () => {
    const logger = recordingLogger();
    parseCronYaml(yaml(entry('friday13', '/f', '0 0 13 * 5')), { logger });
    expect(logger.entries.map((e) => e.message)).toEqual([expect.stringContaining('BOTH match')]);
  });
});
