import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyImport } from '../../src/service/import-eb/apply-import.js';
import { findServiceTargets } from '../../src/service/import-eb/find-service-targets.js';
import { type EbImport, importEbApp } from '../../src/service/import-eb/import-eb-app.js';
import { ImportEbError } from '../../src/service/import-eb/import-eb-error.js';
import { parseLocatedYaml, YAML_OUTPUT } from '../../src/service/import-eb/located-yaml.js';
import { readEbApp } from '../../src/service/import-eb/read-eb-app.js';

const REPO_SERVICE = readFileSync(fileURLToPath(new URL('../../serverless.yml', import.meta.url)), 'utf8');
const cronD = importEbApp(readEbApp(fileURLToPath(new URL('../fixtures/eb-apps/cron-d', import.meta.url))), {
  maximumBatchingWindow: 1,
});

function apply(text: string, imported: EbImport = cronD): string {
  const yaml = parseLocatedYaml(text, 'serverless.yml');
  applyImport(yaml, imported, findServiceTargets(yaml));
  return yaml.document.toString(YAML_OUTPUT);
}

/** The value at a dotted path of parsed YAML (`functions.worker.events.0.sqs`), undefined when absent. */
function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

/** A copy of parsed YAML without the values at `paths`. */
function without(value: unknown, paths: readonly string[]): unknown {
  const copy = structuredClone(value);
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    delete (at(copy, keys.join('.')) as Record<string, unknown>)[last];
  }
  return copy;
}

describe('applyImport on this repository serverless.yml', () => {
  const written = apply(REPO_SERVICE);
  const before = parse(REPO_SERVICE) as unknown;
  const after = parse(written) as unknown;

  it('writes the imported settings where the framework reads them', () => {
    expect(at(after, 'resources.Resources.WorkQueue.Properties')).toMatchObject({
      VisibilityTimeout: 300,
      MessageRetentionPeriod: 345600,
      RedrivePolicy: { maxReceiveCount: 10 },
    });
    expect(at(after, 'functions.worker.timeout')).toBe(299);
    expect(at(after, 'functions.worker.events.0.sqs.maximumConcurrency')).toBe(50);
    expect(at(after, 'functions.scheduled.timeout')).toBe(299);
    expect(at(after, 'functions.scheduled.events')).toEqual(
      [
        ['scheduled', 'cron(0/5 * * * ? *)', 'scheduled'],
        ['2-scheduled', 'cron(0 2 * * ? *)', 'scheduled'],
        ['cleanup', 'cron(0 * * * ? *)', 'cleanup'],
        ['reports', 'cron(0 6 * * ? *)', 'reports'],
        ['backup', 'cron(0 1 ? * SUN *)', 'backup'],
      ].map(([name, rate, task]) => ({
        schedule: {
          method: 'scheduler',
          // Shared by every schedule of serverless.yml (the ops group and role), so kept on each import.
          groupName: { Ref: 'ScheduleGroup' },
          roleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
          name: `\${self:service}-\${sls:stage}-${name}`,
          rate: [rate],
          timezone: 'UTC',
          input: { task, scheduledTime: '<aws.scheduler.scheduled-time>' },
        },
      })),
    );
  });

  it('sets ERROR_VISIBILITY_TIMEOUT where its param is defined, leaving the stage override alone', () => {
    const changed = apply(REPO_SERVICE, {
      ...cronD,
      settings: { ...cronD.settings, worker: { ...cronD.settings.worker, errorVisibilityTimeout: 45 } },
    });
    const result = parse(changed) as unknown;
    expect(at(result, 'functions.worker.environment.ERROR_VISIBILITY_TIMEOUT')).toBe(
      `\${param:errorVisibilityTimeout}`,
    );
    expect(at(result, 'params.default.errorVisibilityTimeout')).toBe('45');
    expect(at(result, 'params.local.errorVisibilityTimeout')).toBe('');
    expect(changed).toContain("errorVisibilityTimeout: '45' # import:eb: sqsd ErrorVisibilityTimeout");
  });

  it('leaves every key it does not own as it was', () => {
    const owned = [
      'functions.worker.timeout',
      'functions.worker.events.0.sqs.maximumConcurrency',
      'functions.scheduled.timeout',
      'functions.scheduled.events',
      'resources.Resources.WorkQueue.Properties.VisibilityTimeout',
      'resources.Resources.WorkQueue.Properties.MessageRetentionPeriod',
      'resources.Resources.WorkQueue.Properties.RedrivePolicy.maxReceiveCount',
      'params.default.errorVisibilityTimeout',
    ];
    expect(without(after, owned)).toEqual(without(before, owned));
  });

  it('keeps every comment except the per-schedule ones it replaces, in order', () => {
    const comments = (text: string) =>
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('#') && !line.startsWith('# crontab:'));
    expect(comments(written)).toEqual(comments(REPO_SERVICE));
    expect(written).toContain(
      '      # crontab: 0 1 * * 0  -> task backup, from .ebextensions/02-cron.config:15\n',
    );
  });

  it('marks the values it changed, and only those', () => {
    expect(written).toContain('    timeout: 299 # import:eb: sqsd InactivityTimeout\n');
    expect(written).toContain('        VisibilityTimeout: 300\n');
    expect(written).toContain('          maximumConcurrency: 50\n');
  });

  it('is idempotent: importing again changes nothing', () => {
    expect(apply(written)).toBe(written);
  });
});

describe('applyImport schedule events', () => {
  it('copy the shared settings of the existing schedule events, but not what describes one schedule', () => {
    const text = REPO_SERVICE.replaceAll(
      '          groupName:\n            Ref: ScheduleGroup\n',
      '          groupName:\n            Ref: ScheduleGroup # the ops group\n          description: old\n',
    );
    expect(text).toContain('# the ops group');
    const events = at(parse(apply(text)), 'functions.scheduled.events') as {
      schedule: Record<string, unknown>;
    }[];
    expect(events).toHaveLength(5);
    for (const { schedule } of events) {
      expect(Object.keys(schedule)).toEqual([
        'method',
        'groupName',
        'roleArn',
        'name',
        'rate',
        'timezone',
        'input',
      ]);
      expect(schedule.groupName).toEqual({ Ref: 'ScheduleGroup' });
    }
    expect(apply(text)).not.toContain('# the ops group');
  });

  it('are plain Scheduler events in UTC when the function had none', () => {
    const text = apply(REPO_SERVICE, { ...cronD, schedules: [] });
    expect(at(parse(text), 'functions.scheduled.events')).toEqual([]);
    const events = at(parse(apply(text)), 'functions.scheduled.events') as {
      schedule: Record<string, unknown>;
    }[];
    expect(events[0]).toEqual({
      schedule: {
        method: 'scheduler',
        name: `\${self:service}-\${sls:stage}-scheduled`,
        rate: ['cron(0/5 * * * ? *)'],
        timezone: 'UTC',
        input: { task: 'scheduled', scheduledTime: '<aws.scheduler.scheduled-time>' },
      },
    });
  });
});

describe('applyImport refuses what it cannot edit faithfully', () => {
  const refuses = (text: string, says: string) => {
    const run = () => apply(text);
    expect(run).toThrow(ImportEbError);
    expect(run).toThrow(says);
  };

  it('a value behind a variable it cannot follow', () => {
    refuses(
      REPO_SERVICE.replace('    timeout: 30\n', `    timeout: \${env:WORKER_TIMEOUT}\n`),
      `functions.worker.timeout is "\${env:WORKER_TIMEOUT}"; set it to 299 by hand`,
    );
  });

  it('a queue without a redrive policy', () => {
    const text = REPO_SERVICE.replace(/ {8}RedrivePolicy:\n(.*\n){4}/, '');
    const redrives = (service: string) => service.match(/^ {8}RedrivePolicy:/gm)?.length ?? 0;
    expect(redrives(text)).toBe(redrives(REPO_SERVICE) - 1);
    refuses(text, 'WorkQueue has no RedrivePolicy');
  });

  it('a service without a worker on WorkQueue', () => {
    refuses(
      REPO_SERVICE.replaceAll('Fn::GetAtt: [WorkQueue, Arn]', 'Fn::GetAtt: [OtherQueue, Arn]'),
      'no function has an sqs event on WorkQueue',
    );
  });
});
