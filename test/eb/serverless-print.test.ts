import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCronEntries, renderCronYaml } from '../../scripts/eb/cron-yaml.js';
import { EbBundleError } from '../../scripts/eb/eb-bundle-error.js';
import { printService } from '../../scripts/eb/print-service.js';
import { readWorkerService } from '../../scripts/eb/read-service.js';
import { buildSqsdOptions } from '../../scripts/eb/sqsd-options.js';
import { expectCronYamlMatches } from '../helpers/expect-cron-yaml.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Runs the real `serverless print` on the real serverless.yml, with no AWS credentials, exactly as
// `npm run package:eb` does. A missing or unreadable serverless.yml fails here on purpose.
describe('the real serverless.yml', () => {
  const service = readWorkerService(printService(REPO_ROOT));

  it('has schedules that all fit in cron.yaml and fire when their EventBridge crons do', () => {
    expect(service.schedules.length).toBeGreaterThan(0);
    expectCronYamlMatches(renderCronYaml(buildCronEntries(service.schedules)), service.schedules);
  });

  it('gives sqsd options within the documented ranges, taken from WorkQueue and the worker', () => {
    expect(buildSqsdOptions(service)).toMatchObject({
      VisibilityTimeout: service.queue.visibilityTimeout,
      RetentionPeriod: service.queue.messageRetentionPeriod,
      MaxRetries: service.queue.maxReceiveCount,
      ErrorVisibilityTimeout: service.worker.errorVisibilityTimeout,
      InactivityTimeout: Math.min(service.queue.visibilityTimeout - 1, 36_000),
    });
  });
});

describe('printService', () => {
  it('fails clearly where there is no serverless.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-serverless-'));
    expect(() => printService(dir)).toThrow(EbBundleError);
    expect(() => printService(dir)).toThrow(`${join(dir, 'serverless.yml')} does not exist`);
  });
});
