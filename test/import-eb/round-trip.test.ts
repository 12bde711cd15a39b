import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BundleFile, buildBundleFiles } from '../../scripts/eb/bundle-files.js';
import { crontabToEventBridge } from '../../src/schedule/index.js';
import { deriveEbWorkerSettings } from '../../src/service/eb-worker-settings.js';
import { type EbImport, importEbApp } from '../../src/service/import-eb/import-eb-app.js';
import type { EbAppFiles } from '../../src/service/import-eb/read-eb-app.js';
import { readLocalService } from '../../src/service/service-model.js';
import { printedService } from '../helpers/service-fixture.js';

/**
 * `npm run package:eb` on a printed service, minus the zip: the bundle's cron.yaml, .ebextensions and
 * Procfile, built by the same functions (the zip container itself is tested in test/eb/bundle.test.ts).
 */
function packageEb(printed: unknown): EbAppFiles {
  const settings = deriveEbWorkerSettings(readLocalService(printed));
  const files = buildBundleFiles(settings, Buffer.from('// adapter\n'));
  const text = (file: BundleFile) => ({ file: file.path, text: file.content.toString('utf8') });
  const cronYaml = files.find((file) => file.path === 'cron.yaml');
  const procfile = files.find((file) => file.path === 'Procfile');
  return {
    cronYaml: cronYaml && text(cronYaml),
    configs: files.filter((file) => /^\.ebextensions\/[^/]+\.config$/.test(file.path)).map(text),
    procfile: procfile && text(procfile),
  };
}

/** What the round trip must keep, as serverless.yml states it. */
type WorkerValues = {
  schedules: { task: string; expressions: string[] }[];
  visibilityTimeout: number;
  messageRetentionPeriod: number;
  maxReceiveCount: number;
  maximumConcurrency: number;
  errorVisibilityTimeout: number;
};

/** The printed fixture with `values` written where serverless.yml holds them. */
function printedWith(values: WorkerValues): unknown {
  return printedService(
    ['resources.Resources.WorkQueue.Properties.VisibilityTimeout', values.visibilityTimeout],
    ['resources.Resources.WorkQueue.Properties.MessageRetentionPeriod', values.messageRetentionPeriod],
    ['resources.Resources.WorkQueue.Properties.RedrivePolicy.maxReceiveCount', values.maxReceiveCount],
    ['functions.worker.events.0.sqs.maximumConcurrency', values.maximumConcurrency],
    ['provider.environment.ERROR_VISIBILITY_TIMEOUT', String(values.errorVisibilityTimeout)],
    [
      'functions.scheduled.events',
      values.schedules.map(({ task, expressions }) => ({
        schedule: {
          method: 'scheduler',
          rate: expressions,
          input: { task, scheduledTime: '<aws.scheduler.scheduled-time>' },
        },
      })),
    ],
  );
}

function imported(result: EbImport): WorkerValues {
  const byTask = new Map<string, string[]>();
  for (const schedule of result.schedules) {
    byTask.set(schedule.task, [
      ...(byTask.get(schedule.task) ?? []),
      ...schedule.events.map((e) => e.expression),
    ]);
  }
  const { queue, worker } = result.settings;
  return {
    schedules: [...byTask].map(([task, expressions]) => ({ task, expressions })),
    ...queue,
    maximumConcurrency: worker.maximumConcurrency,
    errorVisibilityTimeout: worker.errorVisibilityTimeout,
  };
}

describe('package:eb then import:eb', () => {
  it('gives back the schedules and queue settings of the printed serverless.yml', () => {
    const result = importEbApp(packageEb(printedService()), { maximumBatchingWindow: 5 });
    expect(imported(result)).toEqual({
      schedules: [
        { task: 'scheduled', expressions: ['cron(0/5 * * * ? *)', 'cron(30 2 ? * SUN *)'] },
        { task: 'cleanup', expressions: ['cron(0 23 * * ? *)'] },
        { task: 'reports', expressions: ['cron(0 12 1,15 * ? *)', 'cron(0 12 ? * MON *)'] },
        { task: 'backup', expressions: ['cron(0 0/12 * * ? *)'] },
      ],
      visibilityTimeout: 180,
      messageRetentionPeriod: 345600,
      maxReceiveCount: 5,
      maximumConcurrency: 10,
      errorVisibilityTimeout: 2,
    });
    // The bundle's InactivityTimeout is VisibilityTimeout - 1 (179); the worker also leaves the 5 s window.
    expect(result.settings.worker.timeout).toBe(175);
    expect(result.settings.scheduledTimeout).toBe(179);
  });

  it('holds for any settings package:eb accepts and any convertible schedules', () => {
    const crontabs = [
      '*/5 * * * *',
      '0 2 * * *',
      '0 12 1,15 * 1',
      '15 3 * * 1-5',
      '0 0 1 */3 *',
      '30 6 * * 6,0',
      '0 */12 * * *',
    ];
    const schedules = fc
      .uniqueArray(fc.constantFrom('scheduled', 'cleanup', 'reports', 'backup', 'nightly.sync'), {
        maxLength: 4,
      })
      .chain((tasks) =>
        fc.tuple(
          ...tasks.map((task) =>
            fc
              .subarray(crontabs, { minLength: 1 })
              .map((lines) => ({ task, expressions: lines.flatMap(crontabToEventBridge) })),
          ),
        ),
      );
    const values = fc.record({
      schedules,
      // package:eb needs InactivityTimeout = VisibilityTimeout - 1 >= 1.
      visibilityTimeout: fc.integer({ min: 2, max: 43_200 }),
      messageRetentionPeriod: fc.integer({ min: 60, max: 1_209_600 }),
      maxReceiveCount: fc.integer({ min: 1, max: 100 }),
      // Lambda's minimum is 2; sqsd's HttpConnections maximum is 100.
      maximumConcurrency: fc.integer({ min: 2, max: 100 }),
      errorVisibilityTimeout: fc.integer({ min: 0, max: 43_200 }),
    });
    fc.assert(
      fc.property(values, (written) => {
        expect(imported(importEbApp(packageEb(printedWith(written))))).toEqual(written);
      }),
      { numRuns: 60 },
    );
  });
});
