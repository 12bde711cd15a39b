import { type ChildProcess, spawn } from 'node:child_process';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalSqsClient } from '../../src/local/sqs/embedded-sqs.js';
import { REPO_ROOT } from '../helpers/e2e-tier.js';
import { freePort } from '../helpers/free-port.js';
import { startRecordingApp } from '../helpers/recording-app.js';

// `npm start -- --sqsd <app>` as a developer runs it: sqsd's own lines (start, posts, http-err, cron) must
// be the worker's JSON log lines (src/core/logger.ts), with identifiers and never a message body.

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** The CLI's own lines, which are not log lines: the banner block and the two exit lines. */
function withoutCliLines(lines: readonly string[]): string[] {
  const start = lines.findIndex((line) => line.startsWith('Local worker tier:'));
  const end = lines.findIndex((line) => line.startsWith('Ctrl-C stops polling'));
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return [...lines.slice(0, start), ...lines.slice(end + 1)].filter(
    (line) => line !== '' && !/^(SIGINT: stopping polling|Stopped: )/.test(line),
  );
}

describe('npm start --sqsd: its own log lines', () => {
  it('are JSON lines with level, time, message and the message id, and carry no body', async () => {
    const secret = 'body-marker-7f3a';
    const app = await startRecordingApp((request) => ({
      status: request.body.toString().includes('"fail"') ? 500 : 200,
    }));
    const port = await freePort();
    let output = '';
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/local/cli/start.ts',
        ...['--port', String(port), '--sqsd', app.url, '--status', '0', '--in-memory', '--no-console'],
      ],
      // No Node warnings: they are Node's lines, not the tier's.
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const running = child;
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 900 && !pattern.test(output) && running.exitCode === null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!pattern.test(output)) throw new Error(`${pattern} never appeared; output:\n${output}`);
    };
    await waitFor(/Ctrl-C stops polling/);
    const queueUrl = /WorkQueue\s+(http:\S+)/.exec(output)?.[1] ?? '';
    const client = createLocalSqsClient({ endpoint: `http://127.0.0.1:${port}` });
    const sent = await Promise.all(
      [`{"type":"test","data":"${secret}"}`, `{"type":"fail","data":"${secret}"}`].map(async (body) => {
        const { MessageId } = await client.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }),
        );
        return MessageId ?? '';
      }),
    );
    client.destroy();
    await waitFor(/message: sent to/);
    await waitFor(/http-err: /);
    running.kill('SIGINT');
    await waitFor(/Stopped: /);
    await app.close();

    const lines = withoutCliLines(output.split('\n'));
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
    for (const line of parsed) {
      expect(line).toEqual(
        expect.objectContaining({
          level: expect.stringMatching(/^(info|warn|error)$/),
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          message: expect.any(String),
        }),
      );
    }
    const messages = parsed.map((line) => String(line.message));
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^sqsd: polling /)]));
    const posted = parsed.find((line) => String(line.message).startsWith('message: sent to'));
    expect(posted).toMatchObject({ level: 'info', messageId: sent[0] });
    const failed = parsed.find((line) => String(line.message).startsWith('http-err: '));
    expect(failed).toMatchObject({ level: 'warn', messageId: sent[1], outcome: '500' });
    expect(output).not.toContain(secret);
  });
});
