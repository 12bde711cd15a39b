import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BundleFile, buildBundleFiles } from '../../scripts/eb/bundle-files.js';
import { readWorkerService, type WorkerService } from '../../scripts/eb/read-service.js';
import { crontabToEventBridge } from '../../src/schedule/index.js';
import { type EbImport, importEbApp } from '../../src/service/import-eb/import-eb-app.js';
import type { EbAppFiles } from '../../src/service/import-eb/read-eb-app.js';
import { printedService } from '../helpers/service-fixture.js';

// `npm run package:eb` writes these files into dist/eb-worker.zip; the zip container itself is tested in
// test/eb/bundle.test.ts, so the round trip starts from the same files without zipping them.
function packageEb(service: WorkerService): EbAppFiles {
  const files = buildBundleFiles(service, Buffer.from('// adapter\n'));
  const text = (file: BundleFile) => ({ file: file.path, text: file.content.toString('utf8') });
  const cronYaml = files.find((file) => file.path === 'cron.yaml');
  const procfile = files.find((file) => file.path === 'Procfile');
  return {
    cronYaml: cronYaml && text(cronYaml),
    configs: files.filter((file) => /^\.ebextensions\/[^/]+\.config$/.test(file.path)).map(text),
    procfile: procfile && text(procfile),
  };
}

/** The imported schedules grouped by task, in the shape WorkerService lists them. */
function schedulesByTask(imported: EbImport): { task: string; expressions: string[] }[] {
  const byTask = new Map<string, string[]>();
  for (const schedule of imported.schedules) {
    byTask.set(schedule.task, [
      ...(byTask.get(schedule.task) ?? []),
      ...schedule.events.map((e) => e.expression),
    ]);
  }
  return [...byTask].map(([task, expressions]) => ({ task, expressions }));
}

function expectSameWorker(service: WorkerService, imported: EbImport): void {
  expect(schedulesByTask(imported)).toEqual(
    service.schedules.map(({ task, expressions }) => ({ task, expressions })),
  );
  expect(imported.settings.queue).toEqual(service.queue);
  expect(imported.settings.worker.maximumConcurrency).toBe(service.worker.maximumConcurrency);
  expect(imported.settings.worker.errorVisibilityTimeout).toBe(service.worker.errorVisibilityTimeout);
}

describe('package:eb then import:eb', () => {
  it('gives back the schedules and queue settings of the printed serverless.yml', () => {
    const service = readWorkerService(printedService());
    const imported = importEbApp(packageEb(service), { maximumBatchingWindow: 5 });
    expectSameWorker(service, imported);
    // The bundle's InactivityTimeout is VisibilityTimeout - 1 (179); the worker also leaves the 5 s window.
    expect(imported.settings.worker.timeout).toBe(175);
    expect(imported.settings.scheduledTimeout).toBe(179);
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
          ...tasks.map((task) => fc.subarray(crontabs, { minLength: 1 }).map((lines) => ({ task, lines }))),
        ),
      );
    const settings = fc.record({
      visibilityTimeout: fc.integer({ min: 2, max: 43_200 }),
      messageRetentionPeriod: fc.integer({ min: 60, max: 1_209_600 }),
      maxReceiveCount: fc.integer({ min: 1, max: 100 }),
      // Lambda's minimum is 2; sqsd's HttpConnections maximum is 100.
      maximumConcurrency: fc.integer({ min: 2, max: 100 }),
      errorVisibilityTimeout: fc.integer({ min: 0, max: 43_200 }),
    });
    fc.assert(
      fc.property(schedules, settings, (tasks, values) => {
        const service: WorkerService = {
          schedules: tasks.map(({ task, lines }) => ({
            task,
            functionName: 'scheduled',
            expressions: lines.flatMap((line) => crontabToEventBridge(line)),
          })),
          queue: {
            visibilityTimeout: values.visibilityTimeout,
            messageRetentionPeriod: values.messageRetentionPeriod,
            maxReceiveCount: values.maxReceiveCount,
          },
          worker: {
            functionName: 'worker',
            maximumConcurrency: values.maximumConcurrency,
            errorVisibilityTimeout: values.errorVisibilityTimeout,
          },
        };
        expectSameWorker(service, importEbApp(packageEb(service)));
      }),
      { numRuns: 60 },
    );
  });
});
