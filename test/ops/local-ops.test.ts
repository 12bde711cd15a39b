/**
 * The worker:* commands end to end against the local tier (in this process, random port), with the real
 * SDK against fauxqs and the real worker handler: a message the worker dead-letters, a scheduled run that
 * fails into Lambda's on-failure record, then listing, retrying and purging them.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/local/clock.js';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { type OpsCommand, type OpsIo, type OpsOptions, runOpsCommand } from '../../src/ops/ops-commands.js';
import { REPO_ROOT, realService } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';

let tier: LocalTier;
/** Payloads the scheduled function received, in order. */
const runs: { task?: string; scheduledTime?: string }[] = [];
let failRuns = true;

const quiet = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

beforeAll(async () => {
  const printed = realService();
  // A failed run goes straight to the on-failure destination (no 1 and 2 minute retries to wait for).
  (printed.functions.scheduled as Record<string, unknown>).maximumRetryAttempts = 0;
  tier = await startLocalTier({
    root: REPO_ROOT,
    service: printed,
    port: 0,
    waitTimeSeconds: 1,
    // Schedules only fire when a test says so: this clock never moves by itself.
    clock: createManualClock(Date.parse('2026-11-30T12:00:00Z')),
    logger: quiet,
    handlerOverride: (fn) =>
      fn.key === 'scheduled'
        ? async (event: { task?: string; scheduledTime?: string }) => {
            runs.push(event);
            if (failRuns) throw new Error(`task ${event.task} failed on purpose`);
            return { ok: true };
          }
        : undefined,
  });
}, 120_000);

afterAll(async () => {
  await tier?.stop();
});

function io(interactive = false): OpsIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(line), interactive, ask: async () => 'n' };
}

async function ops(command: OpsCommand, options: OpsOptions = {}, terminal = io()) {
  await runOpsCommand({
    command,
    options: { endpoint: tier.endpoint, ...options },
    service: tier.service,
    stackName: 'unused-locally',
    io: terminal,
  });
  return terminal.lines;
}

async function dlqDepth(): Promise<number> {
  const { Attributes } = await tier.client.send(
    new GetQueueAttributesCommand({
      QueueUrl: tier.queue('DeadLetterQueue').url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

const visibleDlq = async (n: number) => eventually(async () => ((await dlqDepth()) === n ? true : undefined));

describe('worker:* against the local tier', () => {
  let scheduledTime: string | undefined;

  it('send: a message the worker cannot process ends in the DLQ', async () => {
    const lines = await ops('send', { body: '{"type":"user_signup","data":{"email":"not-an-email"}}' });
    expect(lines[0]).toMatch(/^Sent message [\w-]+ to http:\/\/.*worker-tier-dev-work$/);
    await visibleDlq(1);
  });

  it('run: the tier runs the task with the schedule payload; a failed run becomes an on-failure record', async () => {
    const lines = await ops('run', { task: 'cleanup' });
    expect(lines[0]).toContain(
      'Started task cleanup (schedule worker-tier-dev-cleanup) on worker-tier-dev-scheduled',
    );
    await visibleDlq(2);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.task).toBe('cleanup');
    scheduledTime = runs[0]?.scheduledTime;
    expect(scheduledTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('failed: shows both kinds with task, error and source, and consumes nothing', async () => {
    const text = (await ops('failed')).join('\n');
    expect(text).toContain('[worker message]');
    expect(text).toContain('task user_signup');
    expect(text).toContain('error     ValidationError');
    expect(text).toContain('source worker-tier-dev-work');
    expect(text).toContain('[scheduled run (Lambda on-failure record)]');
    expect(text).toContain(`task cleanup  scheduled for ${scheduledTime}`);
    expect(text).toContain('error     Error: task cleanup failed on purpose');
    expect(text).toContain('2 message(s): 1 worker message, 1 scheduled run (Lambda on-failure record)');
    // Listing twice shows the same messages: nothing was deleted or left invisible.
    expect((await ops('failed')).join('\n')).toContain('2 message(s)');
  });

  it('failed:retry: refuses without --yes when nobody can confirm, and moves nothing', async () => {
    await expect(ops('failed:retry')).rejects.toThrow('refusing without --yes');
    expect(await ops('failed:retry', {}, io(true))).toEqual(['Nothing moved.']);
    expect(await dlqDepth()).toBe(2);
  });

  it('failed:retry --yes: the run runs again with its original payload; the message goes back to its queue', async () => {
    failRuns = false;
    const lines = await ops('failed:retry', { yes: true });
    expect(lines.at(-1)).toBe('Moved 2 of 2 message(s).');
    await eventually(async () => (runs.length === 2 ? true : undefined));
    expect(runs[1]).toEqual({ task: 'cleanup', scheduledTime });
    // The worker message fails the same way again, so the worker dead-letters a fresh copy.
    await visibleDlq(1);
    const text = (await ops('failed')).join('\n');
    expect(text).toContain('1 message(s): 1 worker message');
  });

  it('failed:purge --yes empties the DLQ', async () => {
    expect(await ops('failed:purge', { yes: true })).toEqual(['Purged the DLQ (1 message(s)).']);
    await visibleDlq(0);
    expect(await ops('failed')).toContain('The DLQ is empty.');
  });

  it('run: says which tasks exist when asked for one no schedule runs', async () => {
    await expect(ops('run', { task: 'nope' })).rejects.toThrow(
      'no schedule runs task "nope" (scheduled tasks: scheduled, cleanup, reports, backup)',
    );
  });
});
