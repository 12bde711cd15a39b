import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APPS = join(REPO_ROOT, 'test', 'fixtures', 'eb-apps');

/** `npm run import:eb -- <args>` as npm runs it: in the repository, with the caller's folder in INIT_CWD. */
function importEb(args: string[], initCwd: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import-eb.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, INIT_CWD: initCwd },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run import:eb', () => {
  it('resolves paths from the folder the command was typed in and prints the report and YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-eb-cli-'));
    copyFileSync(join(REPO_ROOT, 'serverless.yml'), join(dir, 'serverless.yml'));
    const before = readFileSync(join(dir, 'serverless.yml'), 'utf8');
    const run = importEb(['cron-d', '--service', join(dir, 'serverless.yml')], APPS);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`import:eb ${join(APPS, 'cron-d')} -> ${join(dir, 'serverless.yml')}`);
    expect(run.stdout).toContain('Not carried over: 16');
    expect(run.stdout).toContain(`name: \${self:service}-\${sls:stage}-2-scheduled`);
    expect(readFileSync(join(dir, 'serverless.yml'), 'utf8')).toBe(before);
  });

  it('fails with one line naming file and line, and exit code 1', () => {
    // A copy, so that a regression could never edit the repository's own serverless.yml.
    const dir = mkdtempSync(join(tmpdir(), 'import-eb-cli-'));
    copyFileSync(join(REPO_ROOT, 'serverless.yml'), join(dir, 'serverless.yml'));
    const run = importEb(['broken', '--write', '--service', join(dir, 'serverless.yml')], APPS);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'import:eb: .ebextensions/cron.config:8: "https://hooks.example.com/cleanup" calls host hooks.example.com, not localhost: only POSTs to the worker app itself become scheduled tasks',
    ]);
    expect(readFileSync(join(dir, 'serverless.yml'), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'serverless.yml'), 'utf8'),
    );
  });

  it('prints usage without an app folder', () => {
    const run = importEb([], APPS);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'Usage: npm run import:eb -- <eb-app-dir> [--write] [--service serverless.yml]',
    );
  });
});
