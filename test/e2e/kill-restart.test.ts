import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { isMap } from 'yaml';
import { eventually } from '../helpers/eventually.js';
import { createScratchProject } from '../helpers/scratch-project.js';

// Issue #11's proof: 2,000 messages, `kill -9` in the middle, a restart on the same data folder, and then
// every message whose send was acknowledged has been processed or dead-lettered at least once. Duplicates
// are allowed (at-least-once) and counted; a loss fails the test.

const TOTAL = 2000;
const KILL_AFTER = 100;
const step = (text: string) => process.stderr.write(`[kill-restart] ${new Date().toISOString()} ${text}\n`);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The real serverless.yml with a 10 s work-queue visibility timeout, so messages in flight at the kill come back soon. */
function project(): string {
  return createScratchProject((service) => {
    const queue = service.getIn(['resources', 'Resources', 'WorkQueue', 'Properties']);
    if (!isMap(queue)) throw new Error('serverless.yml has no WorkQueue properties');
    queue.set('VisibilityTimeout', 10);
    service.setIn(['functions', 'worker', 'timeout'], 5);
    // A slow consumer (one message per invocation, two at a time), so the kill lands on a backlog.
    service.setIn(['functions', 'worker', 'events', 0, 'sqs', 'batchSize'], 1);
    service.setIn(['functions', 'worker', 'events', 0, 'sqs', 'maximumBatchingWindow'], 0);
    service.setIn(['functions', 'worker', 'events', 0, 'sqs', 'maximumConcurrency'], 2);
  });
}

/** `npm start` as `node --import tsx`, with debug logs so every processed messageId is printed. */
function startTier(root: string, port: number, dataDir: string) {
  const args = ['--port', String(port), '--status', '0', '--data-dir', dataDir, '--log-level', 'debug'];
  // A random console port: the default 4567 may be taken by a tier the developer is running.
  args.push('--console-port', '0');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/cli/start.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** messageIds of the JSON log lines with this `message`. */
function idsLogged(output: string, message: string): string[] {
  const ids: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.includes(`"message":"${message}"`)) continue;
    const start = line.indexOf('{');
    try {
      const parsed = JSON.parse(line.slice(start)) as { messageId?: unknown };
      if (typeof parsed.messageId === 'string') ids.push(parsed.messageId);
    } catch {
      // A line torn by the kill: its message is delivered again after the restart.
    }
  }
  return ids;
}

function bodyOf(index: number): string {
  // One in fifty is poison (unknown type): it is dead-lettered, which counts as handled.
  return index % 50 === 49 ? `{"type":"no_such_task","n":${index}}` : `{"type":"test","data":"n${index}"}`;
}

describe('npm start keeps what it accepted across kill -9', () => {
  it('every acknowledged message is processed or dead-lettered at least once after a kill and a restart', async () => {
    const root = project();
    const dataDir = mkdtempSync(join(tmpdir(), 'worker-tier-kill-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new SQSClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const first = startTier(root, port, dataDir);
    await eventually(() => (first.output().includes('Ctrl-C stops') ? true : undefined), {
      timeoutMs: 90_000,
    });
    step('first tier up');
    const queueUrl = (await client.send(new GetQueueUrlCommand({ QueueName: 'worker-tier-dev-work' })))
      .QueueUrl;
    if (queueUrl === undefined) throw new Error('no work queue');

    const accepted: string[] = [];
    const sendBatch = async (from: number) => {
      const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: bodyOf(from + i) }));
      const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      for (const sent of result.Successful ?? []) if (sent.MessageId) accepted.push(sent.MessageId);
    };
    // All 2,000 are sent (20 batches at a time) before the kill, so the kill lands on a backlog.
    for (let from = 0; from < TOTAL; from += 200) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => sendBatch(from + i * 10)));
    }
    expect(accepted.length).toBe(TOTAL);
    await eventually(() =>
      idsLogged(first.output(), 'message processed').length >= KILL_AFTER ? true : undefined,
    );
    step(`killing after ${idsLogged(first.output(), 'message processed').length} processed`);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const processedBefore = idsLogged(first.output(), 'message processed').length;
    // Mid-run: part of the backlog was still waiting or in flight.
    expect(processedBefore).toBeLessThan(TOTAL / 2);

    const second = startTier(root, port, dataDir);
    await eventually(() => (second.output().includes('Ctrl-C stops') ? true : undefined), {
      timeoutMs: 90_000,
    });
    step('second tier up');
    // Drained: nothing visible, delayed or in flight (what was in flight at the kill returns within 10 s).
    await eventually(
      async () => {
        const { Attributes = {} } = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
        );
        const left =
          Number(Attributes.ApproximateNumberOfMessages) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible) +
          Number(Attributes.ApproximateNumberOfMessagesDelayed);
        return left === 0 ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );
    step('drained');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    client.destroy();

    const output = first.output() + second.output();
    const handled = [
      ...idsLogged(output, 'message processed'),
      ...idsLogged(output, 'message dead-lettered'),
    ];
    const seen = new Set(handled);
    const lost = accepted.filter((id) => !seen.has(id));
    const duplicates = handled.length - seen.size;
    console.log(
      `kill -9 after ${processedBefore} processed: ${accepted.length} accepted, ${lost.length} lost, ${duplicates} delivered more than once`,
    );
    expect(lost).toEqual([]);
    // 40 poison messages; one dead-lettered again after the kill (copied, not yet deleted) makes 41.
    const stopped = /Stopped: 0 in flight; 0 queued and (\d+) in the DLQ kept in /.exec(second.output());
    expect(Number(stopped?.[1])).toBeGreaterThanOrEqual(40);
  }, 300_000);
});
