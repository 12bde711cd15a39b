import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/e2e-tier.js';
import { freePort } from '../helpers/free-port.js';

// `npm start` and `npm run send` as a developer runs them (`node --import tsx`, as package.json does; real
// serverless.yml), on a free loopback port. Bounded waits: a broken CLI fails the test instead of hanging it.
const NODE_TSX = ['--import', 'tsx'];
/** Polls (100 ms each) for a start-up that runs `serverless print` and may share a loaded machine. */
const SLOW_START = 1200;
const run = promisify(execFile);

let child: ChildProcess | undefined;
let group: number | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  // `npm start` runs the tier in a child of its own: kill the whole group so a failed test leaves no tier.
  if (group !== undefined) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  child = undefined;
  group = undefined;
});

/** Collects a child's stdout and waits (bounded) for a line containing `text`. */
function watch(process: ChildProcess) {
  let output = '';
  process.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  process.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const waitFor = async (text: string, attempts = 300) => {
    for (let i = 0; i < attempts && !output.includes(text); i++) {
      if (process.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!output.includes(text)) throw new Error(`"${text}" never appeared; output:\n${output}`);
  };
  return { waitFor, output: () => output };
}

const send = (args: string[]) =>
  run(process.execPath, [...NODE_TSX, 'src/local/cli/send.ts', ...args], { cwd: REPO_ROOT });

/** True when nothing holds `port` on loopback any more (a leftover tier would). */
const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

describe.each(['SIGINT', 'SIGTERM'] as const)('%s to `npm start` on a busy tier', (signal) => {
  it('drains: the drain lines are printed, in-flight invocations settle, exit 0, the port is released', async () => {
    const port = await freePort();
    // The npm process itself, as a terminal's Ctrl-C or a process manager's SIGTERM reaches it.
    // In memory: what is left after the signal must not land in the repository's .worker-tier/.
    child = spawn(
      'npm',
      ['start', '--', '--port', String(port), '--status', '0', '--in-memory', '--no-console'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    group = child.pid;
    const started = watch(child);
    await started.waitFor('Ctrl-C stops polling', SLOW_START);
    const endpoint = `http://127.0.0.1:${port}`;
    // Thousands of messages, and the signal while they are being worked through.
    const sending = send(['{"type":"test","data":"busy"}', '--endpoint', endpoint, '--count', '3000']).catch(
      () => undefined,
    );
    await started.waitFor('"message":"test message received"', SLOW_START);
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const code = await exited;
    const output = started.output();
    const draining = new RegExp(`${signal}: stopping polling, draining (\\d+) in-flight invocation`).exec(
      output,
    );
    console.log(`${signal}: ${draining?.[0] ?? 'no drain line'}; exit ${code}`);
    expect(draining).not.toBeNull();
    // Busy: the signal came while invocations were running, and the drain waited for them.
    expect(Number(draining?.[1])).toBeGreaterThan(0);
    expect(output).toMatch(/Stopped: 0 in flight; [\d,]+ queued and 0 in the DLQ discarded \(--in-memory\)/);
    expect(code).toBe(0);
    expect(await portIsFree(port)).toBe(true);
    await sending;
  }, 240_000);
});

describe('npm run send --count when the endpoint dies mid-send', () => {
  it('says how many messages were accepted and how many were not, and exits 1', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [
        ...NODE_TSX,
        'src/local/cli/start.ts',
        '--port',
        String(port),
        '--status',
        '0',
        '--in-memory',
        '--no-console',
      ],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    group = child.pid;
    const tier = watch(child);
    await tier.waitFor('Ctrl-C stops polling', SLOW_START);
    const count = 5000;
    const sending = send([
      '{"type":"test","data":"x"}',
      '--endpoint',
      `http://127.0.0.1:${port}`,
      '--count',
      String(count),
    ]).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    await tier.waitFor('"message":"test message received"', SLOW_START);
    // The endpoint dies: no drain, no goodbye.
    process.kill(-(group as number), 'SIGKILL');
    const failure = await sending;
    expect(failure?.code).toBe(1);
    const stderr = failure?.stderr ?? '';
    console.log(stderr.trim());
    const match = /(\d+) of 5000 messages accepted by \S+; (\d+) not accepted \(/.exec(stderr);
    expect(match).not.toBeNull();
    const accepted = Number(match?.[1]);
    expect(accepted).toBeGreaterThan(0);
    expect(accepted + Number(match?.[2])).toBe(count);
    // The tier worked through some of them before it died: all of those were among the accepted.
    const processed = tier.output().split('"message":"test message received"').length - 1;
    expect(processed).toBeGreaterThan(0);
    expect(processed).toBeLessThanOrEqual(accepted);
    expect(stderr).toContain(`nothing is listening on http://127.0.0.1:${port} any more`);
  }, 240_000);
});

describe('npm start / npm run send', () => {
  it('runs the tier, takes messages from `send`, dead-letters a poison one and drains on SIGINT', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'worker-tier-cli-'));
    const args = ['--port', String(port), '--status', '0', '--data-dir', dataDir, '--no-console'];
    child = spawn(process.execPath, [...NODE_TSX, 'src/local/cli/start.ts', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = watch(child);
    await started.waitFor('Ctrl-C stops polling', SLOW_START);
    expect(started.output()).toContain(`aws --endpoint-url http://127.0.0.1:${port} sqs send-message`);
    const endpoint = `http://127.0.0.1:${port}`;

    // Default queue: found through serverless print, as `npm run send -- '<json>'` does.
    const ok = await send(['{"type":"test","data":"Hello Worker!"}', '--endpoint', endpoint]);
    expect(ok.stdout).toMatch(/^Sent MessageId \S+ to .*worker-tier-dev-work/);
    await started.waitFor('"message":"test message received"', SLOW_START);
    await send(['{"type":"nope"}', '--endpoint', endpoint, '--queue', 'worker-tier-dev-work']);
    await started.waitFor('"message":"message dead-lettered"', SLOW_START);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(started.output()).toContain(
      `Stopped: 0 in flight; 0 queued and 1 in the DLQ kept in ${relative(REPO_ROOT, dataDir)}/`,
    );
  }, 240_000);

  it('send says `npm start` is not running when nothing listens on the endpoint', async () => {
    const port = await freePort();
    const failure = await send([
      '{"type":"test"}',
      '--endpoint',
      `http://127.0.0.1:${port}`,
      '--queue',
      'q',
    ]).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      `nothing is listening on http://127.0.0.1:${port}: is \`npm start\` running?`,
    );
  });
});
