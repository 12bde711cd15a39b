import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCronYaml } from '../../scripts/eb/cron-yaml.js';
import { deriveEbWorkerSettings } from '../../src/service/eb-worker-settings.js';
import { printService, ServicePrintError } from '../../src/service/print-service.js';
import { readLocalService } from '../../src/service/service-model.js';
import { cronSources, expectCronYamlMatches } from '../helpers/expect-cron-yaml.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Runs the real `serverless print` on the real serverless.yml, with no AWS credentials, exactly as
// `npm run package:eb` does. A missing or unreadable serverless.yml fails here on purpose.
describe('the real serverless.yml', () => {
  const service = readLocalService(printService(REPO_ROOT));
  const settings = deriveEbWorkerSettings(service);
  const workQueue = service.queues.find((queue) => queue.logicalId === settings.worker.queue);
  const worker = service.functions.find((fn) => fn.key === settings.worker.functionKey);

  it('has schedules that all fit in cron.yaml and fire when their EventBridge crons do', () => {
    expect(settings.skipped).toEqual([]);
    expect(settings.cron.length).toBeGreaterThan(0);
    expectCronYamlMatches(renderCronYaml(settings.cron), cronSources(service));
  });

  it('gives sqsd options within the documented ranges, taken from WorkQueue and the worker', () => {
    expect(settings.worker).toEqual({ functionKey: 'worker', queue: 'WorkQueue' });
    const visibilityTimeout = workQueue?.visibilityTimeout ?? Number.NaN;
    expect(settings.sqsd).toMatchObject({
      VisibilityTimeout: visibilityTimeout,
      RetentionPeriod: workQueue?.messageRetentionPeriod,
      MaxRetries: workQueue?.redrive?.maxReceiveCount,
      ErrorVisibilityTimeout: Number(worker?.environment.ERROR_VISIBILITY_TIMEOUT),
      InactivityTimeout: Math.min(visibilityTimeout - 1, 36_000),
    });
  });
});

describe('printService', () => {
  it('fails clearly where there is no serverless.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-serverless-'));
    expect(() => printService(dir)).toThrow(ServicePrintError);
    expect(() => printService(dir)).toThrow(`${join(dir, 'serverless.yml')} does not exist`);
  });
});
