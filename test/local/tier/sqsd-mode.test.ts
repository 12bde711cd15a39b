/**
 * The EB bundle and the local sqsd mode run the same settings (docs/eb-worker-settings.md): the same cron.yaml
 * entries, names included (what the app sees as X-Aws-Sqsd-Taskname), and the same sqsd options.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildBundleFiles } from '../../../scripts/eb/bundle-files.js';
import { parseCronYaml } from '../../../src/local/sqsd/index.js';
import { resolveSqsdOptions } from '../../../src/local/sqsd/options.js';
import { sqsdModeSettings } from '../../../src/local/tier/sqsd-mode.js';
import { deriveEbWorkerSettings } from '../../../src/service/eb-worker-settings.js';
import { readLocalService } from '../../../src/service/service-model.js';
import { type Edit, fixtureService, REMOVE } from '../../helpers/service-fixture.js';

const APP = { appUrl: 'http://127.0.0.1:8080' };

/** What `npm run package:eb` writes for the service: its cron.yaml entries and sqsd option settings. */
function bundled(edits: Edit[]) {
  const files = buildBundleFiles(deriveEbWorkerSettings(fixtureService(...edits)), Buffer.from(''));
  const text = (path: string) => files.find((file) => file.path === path)?.content.toString('utf8') ?? '';
  const config = parse(text('.ebextensions/sqsd.config')) as {
    option_settings: { 'aws:elasticbeanstalk:sqsd': Record<string, string | number> };
  };
  return {
    cron: parseCronYaml(text('cron.yaml')),
    options: config.option_settings['aws:elasticbeanstalk:sqsd'],
  };
}

describe('sqsd mode runs what the EB bundle pins', () => {
  it.each([
    { name: 'the fixture', edits: [] },
    {
      name: 'a task with three schedules over two events',
      edits: [
        [
          'functions.scheduled.events',
          [
            { schedule: { rate: ['rate(1 hour)', 'rate(2 hours)'], input: { task: 'sync' } } },
            { schedule: { rate: ['cron(0 4 * * ? *)'], input: { task: 'audit' } } },
            { schedule: { rate: ['rate(1 day)'], input: '{"task":"sync"}' } },
          ],
        ],
      ],
    },
    {
      name: 'other queue and worker values',
      edits: [
        ['resources.Resources.WorkQueue.Properties.VisibilityTimeout', 900],
        ['resources.Resources.WorkQueue.Properties.MessageRetentionPeriod', '86400'],
        ['resources.Resources.WorkQueue.Properties.RedrivePolicy.maxReceiveCount', 3],
        ['functions.worker.events.0.sqs.maximumConcurrency', 250],
        ['functions.worker.environment', { ERROR_VISIBILITY_TIMEOUT: '45' }],
      ],
    },
  ] as { name: string; edits: Edit[] }[])('$name: same cron.yaml entries and sqsd options', ({ edits }) => {
    const eb = bundled(edits);
    const local = sqsdModeSettings(fixtureService(...edits), APP);

    expect(local.cron).toEqual(eb.cron);
    expect(local.options).toEqual({
      httpPath: eb.options.HttpPath,
      mimeType: eb.options.MimeType,
      httpConnections: eb.options.HttpConnections,
      inactivityTimeout: eb.options.InactivityTimeout,
      visibilityTimeout: eb.options.VisibilityTimeout,
      errorVisibilityTimeout: eb.options.ErrorVisibilityTimeout,
      retentionPeriod: eb.options.RetentionPeriod,
    });
    expect(local.fn.key).toBe('worker');
    expect(local.queue).toBe('WorkQueue');
    expect(local.notes).toEqual([]);
    // The local daemon accepts every value the bundle pins.
    expect(() =>
      resolveSqsdOptions({ client: {} as never, queueUrl: 'http://q/1/work', ...APP, ...local.options }),
    ).not.toThrow();
  });

  it('uses the names the bundle uses for a task with several schedules', () => {
    const local = sqsdModeSettings(fixtureService(), APP);
    expect(local.cron.map((entry) => entry.name)).toEqual([
      'scheduled',
      'scheduled-2',
      'cleanup',
      'reports',
      'reports-2',
      'backup',
    ]);
  });

  it('runs without a schedule cron.yaml cannot hold, noting each, where the bundle refuses', () => {
    const service = readLocalService({
      service: 's',
      provider: { environment: { ERROR_VISIBILITY_TIMEOUT: '2' } },
      resources: {
        Resources: {
          Work: {
            Type: 'AWS::SQS::Queue',
            Properties: {
              VisibilityTimeout: 60,
              MessageRetentionPeriod: 3600,
              RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:1:dlq', maxReceiveCount: 4 },
            },
          },
        },
      },
      functions: {
        worker: {
          handler: 'a.b',
          events: [{ sqs: { arn: { 'Fn::GetAtt': ['Work', 'Arn'] }, maximumConcurrency: 5 } }],
        },
        cron: {
          handler: 'a.c',
          events: [
            { schedule: { rate: ['cron(0/5 * * * ? *)'], input: { task: 'scheduled' } } },
            { schedule: { rate: ['cron(0 2 * * ? *)'], input: { task: 'scheduled' } } },
            { schedule: { rate: ['cron(0 1 ? * SUN *)'], input: { task: 'backup' } } },
            { schedule: { rate: ['cron(0 6 * * ? *)'], input: { task: 'paris' }, timezone: 'Europe/Paris' } },
            { schedule: { rate: ['rate(1 hour)'] } },
            { schedule: { rate: ['cron(0 3 * * ? *)'], input: { task: 'off' }, enabled: false } },
          ],
        },
      },
    });
    const local = sqsdModeSettings(service, { ...APP, httpPath: '/work' });

    expect(local).toMatchObject({
      cron: [
        { name: 'scheduled', url: '/scheduled', schedule: '*/5 * * * *' },
        { name: 'scheduled-2', url: '/scheduled', schedule: '0 2 * * *' },
        { name: 'backup', url: '/backup', schedule: '0 1 * * 0' },
      ],
      options: { httpPath: '/work', visibilityTimeout: 60, inactivityTimeout: 59, httpConnections: 5 },
    });
    expect(local.notes).toEqual([
      expect.stringContaining('timezone is "Europe/Paris", but cron.yaml schedules run in UTC; skipped'),
      expect.stringContaining('has no input; cron.yaml needs input.task'),
    ]);
  });

  it('refuses to start without a value the bundle would need, with the same message', () => {
    const edit: Edit = ['resources.Resources.WorkQueue.Properties.VisibilityTimeout', REMOVE];
    expect(() => sqsdModeSettings(fixtureService(edit), APP)).toThrow(
      'resources.Resources.WorkQueue.Properties.VisibilityTimeout is missing',
    );
  });
});
