import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportEbError } from '../../src/service/import-eb/import-eb-error.js';
import { runImportEb } from '../../src/service/import-eb/run-import-eb.js';
import { ServicePrintError } from '../../src/service/print-service.js';
import { printedService } from '../helpers/service-fixture.js';

const REPO_SERVICE = fileURLToPath(new URL('../../serverless.yml', import.meta.url));
const app = (name: string) => fileURLToPath(new URL(`../fixtures/eb-apps/${name}`, import.meta.url));

/** A copy of this repository's serverless.yml in a fresh folder, and its original text. */
function serviceCopy(): { path: string; original: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'import-eb-')), 'serverless.yml');
  copyFileSync(REPO_SERVICE, path);
  return { path, original: readFileSync(path, 'utf8') };
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('runImportEb', () => {
  it('without --write prints the report and the YAML it would write, and writes nothing', () => {
    const { path, original } = serviceCopy();
    const out = runImportEb({
      appDir: app('cron-d'),
      servicePath: path,
      write: false,
      print: () => {
        throw new Error('a dry run must not print the service');
      },
    });
    expect(out).toContain('Mapped (value taken as is): 4');
    expect(out).toContain('aws:elasticbeanstalk:sqsd ConnectTimeout = 5  (.ebextensions/01-worker.config:7)');
    expect(out).toContain('functions.worker.timeout: 30 -> 299');
    expect(out).toContain('--- what --write would write (only the parts it changes) ---');
    expect(out).toContain('            - cron(0 1 ? * SUN *)\n');
    expect(out).toContain(`Nothing written. Run again with --write to edit ${path}.`);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('names tasks that have no handler yet', () => {
    const { path } = serviceCopy();
    const out = runImportEb({
      appDir: app('cron-yaml'),
      servicePath: path,
      write: false,
      knownTasks: ['scheduled', 'cleanup'],
    });
    expect(out).toContain(
      'Tasks with no handler in src/tasks yet (their runs would be dead-lettered): backup, reports',
    );
  });

  it('writes nothing when the app is broken', () => {
    const { path, original } = serviceCopy();
    const error = thrown(() =>
      runImportEb({ appDir: app('broken'), servicePath: path, write: true, print: () => ({}) }),
    );
    expect(error).toBeInstanceOf(ImportEbError);
    expect(error.message).toMatch(/^\.ebextensions\/cron\.config:8: /);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('restores serverless.yml when serverless print fails on the edited file', () => {
    const { path, original } = serviceCopy();
    const error = thrown(() =>
      runImportEb({
        appDir: app('cron-d'),
        servicePath: path,
        write: true,
        print: () => {
          throw new ServicePrintError('serverless print failed: plugin not found');
        },
      }),
    );
    expect(error).toBeInstanceOf(ImportEbError);
    expect(error.message).toContain('restored: serverless print failed on the edited file');
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('restores serverless.yml when serverless print resolves a value other than the imported one', () => {
    const { path, original } = serviceCopy();
    // The fixture service has VisibilityTimeout 180, as if a stage param overrode what was written.
    const error = thrown(() =>
      runImportEb({ appDir: app('cron-d'), servicePath: path, write: true, print: () => printedService() }),
    );
    expect(error.message).toContain(
      'serverless print resolves WorkQueue VisibilityTimeout to 180, not the imported 300',
    );
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('edits only a file named serverless.yml', () => {
    const error = thrown(() =>
      runImportEb({ appDir: app('cron-d'), servicePath: '/tmp/service.yaml', write: false }),
    );
    expect(error.message).toBe(
      '/tmp/service.yaml: must be a file named serverless.yml (serverless print reads that name)',
    );
  });
});
