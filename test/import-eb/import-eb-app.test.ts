import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type EbImport, importEbApp } from '../../src/service/import-eb/import-eb-app.js';
import { ImportEbError } from '../../src/service/import-eb/import-eb-error.js';
import { formatReport, type ReportEntry } from '../../src/service/import-eb/import-report.js';
import { readEbApp } from '../../src/service/import-eb/read-eb-app.js';
import { crontabFireTimes, eventBridgeFireTimes } from '../helpers/fire-times.js';

const app = (name: string) => fileURLToPath(new URL(`../fixtures/eb-apps/${name}`, import.meta.url));

/** Each schedule as `task: expressions (file:line)`, the shape the assertions read best in. */
const schedulesOf = (imported: EbImport) =>
  imported.schedules.map(
    ({ task, events, source }) =>
      `${task}: ${events.map((e) => e.expression).join(' + ')} (${source.file}:${source.line})`,
  );
const entry = (imported: EbImport, setting: string): ReportEntry | undefined =>
  imported.report.find((candidate) => candidate.setting === setting);

describe('importEbApp: the cron.d app this project replaces', () => {
  const imported = importEbApp(readEbApp(app('cron-d')), { maximumBatchingWindow: 1 });

  it('turns each cron.d line into a UTC EventBridge schedule named after the URL path, with its line', () => {
    expect(schedulesOf(imported)).toEqual([
      'scheduled: cron(0/5 * * * ? *) (.ebextensions/02-cron.config:11)',
      'scheduled: cron(0 2 * * ? *) (.ebextensions/02-cron.config:12)',
      'cleanup: cron(0 * * * ? *) (.ebextensions/02-cron.config:13)',
      'reports: cron(0 6 * * ? *) (.ebextensions/02-cron.config:14)',
      'backup: cron(0 1 ? * SUN *) (.ebextensions/02-cron.config:15)',
    ]);
    // Two schedules of one task get distinct names that still end with the task.
    expect(imported.schedules.flatMap((s) => s.events.map((e) => e.name))).toEqual([
      'scheduled',
      '2-scheduled',
      'cleanup',
      'reports',
      'backup',
    ]);
  });

  it('fires each schedule exactly when the crontab line did', () => {
    for (const schedule of imported.schedules) {
      expect(eventBridgeFireTimes(schedule.events.map((e) => e.expression))).toEqual(
        crontabFireTimes(schedule.crontab),
      );
    }
  });

  it('carries the sqsd options over, folding MaxSize into maximumConcurrency', () => {
    expect(imported.settings).toEqual({
      queue: { visibilityTimeout: 300, messageRetentionPeriod: 345600, maxReceiveCount: 10 },
      // 299 fits in VisibilityTimeout 300 - batching window 1.
      worker: { timeout: 299, maximumConcurrency: 50, errorVisibilityTimeout: 2 },
      scheduledTimeout: 299,
    });
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd HttpConnections')).toMatchObject({
      status: 'approximated',
      source: { file: '.ebextensions/01-worker.config', line: 6 },
      target: 'worker sqs maximumConcurrency: 50',
      why: expect.stringContaining('HttpConnections 10 × MaxSize 5 instances = 50'),
    });
  });

  it('reports every setting it read: mapped, approximated or not carried over, with why', () => {
    const statuses = Object.fromEntries(imported.report.map((e) => [e.setting, e.status]));
    expect(statuses).toMatchObject({
      'aws:elasticbeanstalk:sqsd VisibilityTimeout': 'mapped',
      'aws:elasticbeanstalk:sqsd RetentionPeriod': 'mapped',
      'aws:elasticbeanstalk:sqsd MaxRetries': 'mapped',
      'aws:elasticbeanstalk:sqsd ErrorVisibilityTimeout': 'mapped',
      'aws:elasticbeanstalk:sqsd InactivityTimeout': 'approximated',
      'aws:autoscaling:asg MaxSize': 'approximated',
      'aws:elasticbeanstalk:sqsd ConnectTimeout': 'not carried over',
      'aws:elasticbeanstalk:sqsd HttpPath': 'not carried over',
      'aws:autoscaling:asg MinSize': 'not carried over',
      'aws:autoscaling:trigger UpperThreshold': 'not carried over',
      'files "/etc/nginx/conf.d/timeouts.conf"': 'not carried over',
      commands: 'not carried over',
      'Procfile web': 'not carried over',
    });
    expect(imported.report.filter((e) => e.setting.startsWith('cron.d /etc/cron.d/worker-cron ='))).toEqual(
      [],
    );
    expect(imported.report.filter((e) => e.setting === 'cron.d /etc/cron.d/worker-cron')).toHaveLength(5);
    for (const e of imported.report.filter((e) => e.status !== 'mapped')) expect(e.why).toBeTruthy();
  });

  it('never shows environment values, which can be secrets', () => {
    const text = formatReport(imported.report);
    expect(text).toContain('DATABASE_URL = (hidden)');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('production');
  });
});

describe('importEbApp: cron.yaml and a JSON .config', () => {
  const imported = importEbApp(readEbApp(app('cron-yaml')));

  it('reads cron.yaml entries, with two schedules when both day fields are restricted', () => {
    expect(schedulesOf(imported)).toEqual([
      'backup: cron(0 0/12 * * ? *) (cron.yaml:3)',
      'reports: cron(30 6 1,15 * ? *) + cron(30 6 ? * MON *) (cron.yaml:6)',
      'cleanup: cron(0 * * * ? *) (cron.yaml:9)',
    ]);
    expect(entry(imported, 'cron.yaml "reports"')?.why).toContain('either matches');
    expect(entry(imported, 'cron.yaml "cleanup"')?.why).toContain('the path prefix /tasks is dropped');
    expect(entry(imported, 'cron.yaml "backup-job"')?.status).toBe('mapped');
  });

  it('takes string values, EB defaults for what is unset, and Lambda limits where EB allowed more', () => {
    expect(imported.settings).toEqual({
      queue: { visibilityTimeout: 1200, messageRetentionPeriod: 345600, maxReceiveCount: 3 },
      worker: { timeout: 900, maximumConcurrency: 1000, errorVisibilityTimeout: 30 },
      scheduledTimeout: 900,
    });
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd RetentionPeriod')?.source).toBeUndefined();
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd HttpConnections')?.why).toContain(
      "clamped to Lambda's 2-1000",
    );
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd InactivityTimeout')?.why).toContain(
      "Lambda's maximum of 900 s",
    );
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd MaxRetries')?.why).toContain('below 5');
  });
});

describe('importEbApp: list-form option settings over two files', () => {
  const imported = importEbApp(readEbApp(app('list-form')));

  it('applies the files in alphabetical order, later settings winning, and says what was overridden', () => {
    expect(imported.settings.queue).toEqual({
      visibilityTimeout: 600,
      messageRetentionPeriod: 86400,
      maxReceiveCount: 8,
    });
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd VisibilityTimeout')).toMatchObject({
      source: { file: '.ebextensions/10-worker.config', line: 3 },
      why: 'overrides .ebextensions/00-defaults.config:3',
    });
    expect(imported.settings.worker).toEqual({
      timeout: 590,
      maximumConcurrency: 50,
      errorVisibilityTimeout: 2,
    });
  });

  it('warns that MaxRetries did not apply to an existing WorkerQueueURL', () => {
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd MaxRetries')).toMatchObject({
      status: 'approximated',
      why: expect.stringContaining("that queue's own redrive policy decided"),
    });
    expect(entry(imported, 'aws:elasticbeanstalk:sqsd WorkerQueueURL')?.status).toBe('not carried over');
    expect(entry(imported, 'aws:elasticbeanstalk:application:environment LOG_LEVEL')?.value).toBe('(hidden)');
  });

  it('accepts a quoted 127.0.0.1 URL with a port', () => {
    expect(schedulesOf(imported)).toEqual([
      'reports: cron(15 3 ? * MON-FRI *) (.ebextensions/10-worker.config:29)',
    ]);
  });
});

describe('importEbApp: the broken app', () => {
  it('names the file and line of the cron line that calls another host', () => {
    const run = () => importEbApp(readEbApp(app('broken')));
    expect(run).toThrow(ImportEbError);
    expect(run).toThrow(
      '.ebextensions/cron.config:8: "https://hooks.example.com/cleanup" calls host hooks.example.com, not localhost',
    );
  });

  it('refuses a folder that is not an EB app', () => {
    expect(() => readEbApp(app('.'))).toThrow('has neither cron.yaml nor .ebextensions/*.config');
  });
});
