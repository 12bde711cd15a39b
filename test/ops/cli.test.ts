/**
 * The two front doors as a user runs them: `npx serverless worker:*` (osls loads plugins/worker-ops.cjs,
 * which loads src/ops through tsx) and `npm run worker`, against a local tier on a random port.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { REPO_ROOT, realService } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { envWithoutAws } from '../helpers/infra-package.js';

const run = promisify(execFile);
let tier: LocalTier;
const quiet = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** Runs a command in the repo with no AWS credentials and no terminal on stdin; never rejects. */
async function cli(command: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd: REPO_ROOT,
      env: envWithoutAws(),
      timeout: 170_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout = '', stderr = '' } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? 1, stdout, stderr };
  }
}

beforeAll(async () => {
  tier = await startLocalTier({
    root: REPO_ROOT,
    service: realService(),
    port: 0,
    schedules: false,
    logger: quiet,
  });
  // A dead-letter as the worker writes it, so the listing has something to show.
  await tier.client.send(
    new SendMessageCommand({
      QueueUrl: tier.queue('DeadLetterQueue').url,
      MessageBody: '{"type":"user_signup"}',
      MessageAttributes: {
        'worker.error': { DataType: 'String', StringValue: 'ValidationError' },
        'worker.error-message': { DataType: 'String', StringValue: 'email: not valid' },
        'worker.task': { DataType: 'String', StringValue: 'user_signup' },
        'worker.source-queue': { DataType: 'String', StringValue: 'worker-tier-dev-work' },
        'worker.receive-count': { DataType: 'String', StringValue: '1' },
      },
    }),
  );
}, 120_000);

afterAll(async () => {
  await tier?.stop();
});

describe('front doors', () => {
  it('npx serverless worker:failed / worker:failed:retry / npm run worker -- schedules', async () => {
    // The listing and the retry both peek at the DLQ (a receive hides the message for a moment), so they run
    // one after the other; the schedules listing reads no queue and runs beside them.
    const schedulesRun = cli('npm', ['run', '--silent', 'worker', '--', 'schedules']);
    const failed = await cli('npx', [
      '--no-install',
      'serverless',
      'worker:failed',
      '--endpoint',
      tier.endpoint,
    ]);
    const retry = await cli('npx', [
      '--no-install',
      'serverless',
      'worker:failed:retry',
      '--endpoint',
      tier.endpoint,
    ]);
    const schedules = await schedulesRun;
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stdout).toContain('[worker message]');
    expect(failed.stdout).toContain('error     ValidationError: email: not valid');
    expect(failed.stdout).toContain('1 message(s): 1 worker message');

    expect(retry.code).not.toBe(0);
    expect(`${retry.stdout}${retry.stderr}`).toContain(
      'refusing without --yes, since there is no terminal to confirm on',
    );

    expect(schedules.code, schedules.stderr).toBe(0);
    expect(schedules.stdout).toMatch(
      /worker-tier-dev-backup\n {2}cron\(0 1 \? \* SUN \*\) {2}time zone UTC {2}task backup/,
    );
    expect(schedules.stdout.match(/next \(UTC\): \d{4}-\d\d-\d\dT\d\d:\d\d:00Z, /g)).toHaveLength(5);

    // Listing and the refused retry left the message where it was.
    await eventually(async () => {
      const { Messages = [] } = await tier.client.send(
        new ReceiveMessageCommand({
          QueueUrl: tier.queue('DeadLetterQueue').url,
          VisibilityTimeout: 0,
          WaitTimeSeconds: 1,
        }),
      );
      return Messages.length === 1 ? true : undefined;
    });
  }, 200_000);

  it('npx serverless worker:import-eb is npm run import:eb: a dry run changes nothing, bad input names file and line', async () => {
    const before = readFileSync(join(REPO_ROOT, 'serverless.yml'), 'utf8');
    const fixtures = join(REPO_ROOT, 'test', 'fixtures', 'eb-apps');
    const [dry, broken] = await Promise.all([
      cli('npx', ['--no-install', 'serverless', 'worker:import-eb', '--app', join(fixtures, 'cron-d')]),
      cli('npx', ['--no-install', 'serverless', 'worker:import-eb', '--app', join(fixtures, 'broken')]),
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Mapped (value taken as is): 4');
    expect(dry.stdout).toContain('Nothing written.');
    expect(readFileSync(join(REPO_ROOT, 'serverless.yml'), 'utf8')).toBe(before);
    expect(broken.code).not.toBe(0);
    expect(`${broken.stdout}${broken.stderr}`).toMatch(/import:eb: \.ebextensions\/cron\.config:\d+: /);
  }, 200_000);
});
