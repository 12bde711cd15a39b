import { copyFileSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../src/local/clock.js';
import type { ScheduleFiredReport } from '../../src/local/eventbridge/schedule-types.js';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { deriveEbWorkerSettings } from '../../src/service/eb-worker-settings.js';
import { runImportEb } from '../../src/service/import-eb/run-import-eb.js';
import { printService } from '../../src/service/print-service.js';
import { readLocalService } from '../../src/service/service-model.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { REPO_ROOT } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { crontabFireTimes } from '../helpers/fire-times.js';
import { queueDepth } from '../helpers/queue-depth.js';
import { sendAll } from '../helpers/queue-io.js';

const CRON_D_APP = fileURLToPath(new URL('../fixtures/eb-apps/cron-d', import.meta.url));
// The crontab lines of the fixture's /etc/cron.d/worker-cron, by URL path.
const CRON_D_LINES: [string, string][] = [
  ['*/5 * * * *', 'scheduled'],
  ['0 2 * * *', 'scheduled'],
  ['0 * * * *', 'cleanup'],
  ['0 6 * * *', 'reports'],
  ['0 1 * * 0', 'backup'],
];

let tier: LocalTier | undefined;
afterEach(async () => {
  await tier?.stop();
  tier = undefined;
  vi.restoreAllMocks();
});

// A temp copy of this repository's serverless.yml, in a folder whose node_modules, local plugins and sources are
// the repository's, so that `serverless print` finds the framework and plugins, as it would inside the repository.
function serviceCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-eb-write-'));
  copyFileSync(join(REPO_ROOT, 'serverless.yml'), join(dir, 'serverless.yml'));
  for (const entry of ['node_modules', 'plugins', 'scripts', 'src']) {
    symlinkSync(join(REPO_ROOT, entry), join(dir, entry), 'dir');
  }
  return join(dir, 'serverless.yml');
}

/** The cron.yaml entries `npm run package:eb` derives from a printed service. */
function packageEbCronEntries(printed: unknown): { schedule: string; url: string }[] {
  return deriveEbWorkerSettings(readLocalService(printed)).cron;
}

describe('import:eb --write on the cron.d app, then the local tier', () => {
  it('writes a serverless.yml whose serverless print holds the schedules and settings, and npm start runs them', async () => {
    const servicePath = serviceCopy();
    let printed: unknown;
    const out = runImportEb({
      appDir: CRON_D_APP,
      servicePath,
      write: true,
      print: (root) => {
        printed = printService(root);
        return printed;
      },
    });
    expect(out).toContain(`Wrote ${servicePath}. serverless print resolves it to:`);
    expect(readFileSync(servicePath, 'utf8')).toContain(
      '# crontab: 0 1 * * 0  -> task backup, from .ebextensions/02-cron.config:15',
    );

    // The service model the local tier reads.
    const service = readLocalService(printed);
    const scheduled = service.functions.find((fn) => fn.key === 'scheduled');
    const worker = service.functions.find((fn) => fn.key === 'worker');
    expect(
      scheduled?.schedules.map((s) => [s.name, s.expression, s.timezone, JSON.parse(s.input ?? '{}').task]),
    ).toEqual([
      ['worker-tier-dev-scheduled', 'cron(0/5 * * * ? *)', 'UTC', 'scheduled'],
      ['worker-tier-dev-2-scheduled', 'cron(0 2 * * ? *)', 'UTC', 'scheduled'],
      ['worker-tier-dev-cleanup', 'cron(0 * * * ? *)', 'UTC', 'cleanup'],
      ['worker-tier-dev-reports', 'cron(0 6 * * ? *)', 'UTC', 'reports'],
      ['worker-tier-dev-backup', 'cron(0 1 ? * SUN *)', 'UTC', 'backup'],
    ]);
    expect(worker).toMatchObject({ timeout: 299, environment: { ERROR_VISIBILITY_TIMEOUT: '2' } });
    expect(worker?.sqs[0]?.maximumConcurrency).toBe(50);
    expect(service.queues.find((q) => q.logicalId === 'WorkQueue')).toMatchObject({
      visibilityTimeout: 300,
      messageRetentionPeriod: 345600,
      redrive: { maxReceiveCount: 10 },
    });

    // And back: package:eb's cron.yaml from the written service fires exactly when the cron.d lines did.
    const entries = packageEbCronEntries(printed);
    expect(entries.map((entry) => [crontabFireTimes(entry.schedule), entry.url])).toEqual(
      CRON_D_LINES.map(([line, task]) => [crontabFireTimes(line), `/${task}`]),
    );

    // npm start: the tier runs the written schedules into the real scheduled handler, and the worker drains.
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const clock = createManualClock(new Date('2026-01-04T00:59:30Z')); // a Sunday
    tier = await startLocalTier({
      root: REPO_ROOT,
      service: printed,
      port: 0,
      clock,
      logger: recordingLogger(),
    });
    const fired: ScheduleFiredReport[] = [];
    for (const { runner } of tier.schedules) runner.on('fired', (report) => fired.push(report));
    const firedAt = async (time: string, count: number) => {
      fired.length = 0;
      clock.advanceTo(new Date(time));
      await eventually(async () => (fired.length >= count ? true : undefined));
      return fired.map((f) => [f.schedule.name, f.outcome]).sort();
    };
    expect(await firedAt('2026-01-04T01:00:00Z', 3)).toEqual([
      ['worker-tier-dev-backup', 'succeeded'],
      ['worker-tier-dev-cleanup', 'succeeded'],
      ['worker-tier-dev-scheduled', 'succeeded'],
    ]);
    // 01:05 … 02:00: twelve five-minute ticks, cleanup and the daily run. 02:05 … 06:00: 48 ticks, 4 cleanups, reports.
    expect(await firedAt('2026-01-04T02:00:00Z', 14)).toContainEqual([
      'worker-tier-dev-2-scheduled',
      'succeeded',
    ]);
    expect(await firedAt('2026-01-04T06:00:00Z', 53)).toContainEqual([
      'worker-tier-dev-reports',
      'succeeded',
    ]);
    expect(fired.every((f) => f.outcome === 'succeeded')).toBe(true);

    const work = tier.queue('WorkQueue');
    await sendAll(tier.client, work.url, [
      { MessageBody: JSON.stringify({ type: 'test', data: 'Hello Worker!' }) },
    ]);
    const running = tier;
    await eventually(async () => ((await queueDepth(running.client, work.url)) === 0 ? true : undefined));
  });
});
