/**
 * The process entry as EB runs it (`node server.mjs`, here `node --import tsx src/http/server.ts`, as
 * `npm run start:http` runs it): configuration from
 * the environment, the listening log line, and SIGTERM draining an in-flight request before exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../helpers/http-harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

type Adapter = {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves with the first stdout line that matches (now or later); rejects if the process exits first. */
  waitFor: (match: string | ((line: Record<string, unknown>) => boolean)) => Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
};

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const spawnAdapter = (env: Record<string, string>): Adapter => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/http/server.ts'], {
    cwd: root,
    // Only what the adapter needs: no AWS settings or credentials from the machine.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: Array<Record<string, unknown>> = [];
  type Match = (line: Record<string, unknown>) => boolean;
  const waiters: Array<{ match: Match; resolve: (line: Record<string, unknown>) => void }> = [];
  let buffered = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.startsWith('{')) continue;
      const line = JSON.parse(part) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.match(line))) waiter.resolve(line);
    }
  });
  // 'close', not 'exit': it fires after stdout and stderr are fully read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = (wanted: string | Match) => {
    const match: Match = typeof wanted === 'string' ? (line) => line.message === wanted : wanted;
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      waiters.push({ match, resolve });
      exited.then(() => reject(new Error(`adapter exited before logging ${String(wanted)}: ${stderr}`)));
    });
  };
  return { child, lines, stderr: () => stderr, waitFor, exited };
};

describe('src/http/server.ts as a process', () => {
  it('listens on loopback, answers sqsd, logs and emits EMF to stdout, and drains on SIGTERM', async () => {
    const adapter = spawnAdapter({ SERVICE_NAME: 'entry-test', HTTP_PATH: '/worker' });
    const listening = await adapter.waitFor('HTTP adapter listening');
    const url = listening.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(listening.httpPath).toBe('/worker');
    expect((await send(url, { method: 'GET' })).text).toBe('Worker Environment is running!');
    const smoke = await send(url, { path: '/worker', body: '{"type":"test","data":"Hello Worker!"}' });
    expect(smoke.status).toBe(200);

    // A request whose body is still arriving when SIGTERM comes must still be answered. `Expect:
    // 100-continue` makes the server confirm it has the request before the signal is sent.
    const body = '{"type":"test","data":"in flight"}';
    const req = httpRequest(new URL('/worker', url), {
      method: 'POST',
      agent: false,
      headers: { 'Content-Length': body.length, 'X-Aws-Sqsd-Msgid': 'm-inflight', Expect: '100-continue' },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    const accepted = new Promise((resolve) => req.once('continue', resolve));
    req.flushHeaders();
    await accepted;
    adapter.child.kill('SIGTERM');
    await adapter.waitFor('shutting down: draining in-flight requests');
    await expect(send(url, { method: 'GET' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    req.end(body);
    expect(await answered).toBe(200);
    expect(await adapter.exited).toBe(0);
    expect(adapter.lines.map((line) => line.message)).toContain('HTTP adapter stopped');
    // Metrics are summed per interval (60 s by default) and written at stop: one document for both messages.
    const emf = adapter.lines.filter((line) => line.Task === 'test');
    expect(emf).toEqual([
      expect.objectContaining({ Service: 'entry-test', Task: 'test', Processed: 2, Failed: 0 }),
    ]);
  });

  it('loses no log line at a clean stop: N requests, SIGTERM, exactly N per-message lines on stdout', async () => {
    const adapter = spawnAdapter({ SERVICE_NAME: 'entry-test' });
    const url = (await adapter.waitFor('HTTP adapter listening')).url as string;
    const count = 300;
    const statuses: number[] = [];
    // 25 at a time, as sqsd's HttpConnections would: below MAX_CONNECTIONS, so none is dropped.
    for (let start = 0; start < count; start += 25) {
      const replies = await Promise.all(
        Array.from({ length: 25 }, (_, offset) =>
          send(url, {
            headers: { 'X-Aws-Sqsd-Msgid': `m-flush-${start + offset}` },
            body: '{"type":"test","data":"Hello Worker!"}',
          }),
        ),
      );
      statuses.push(...replies.map((reply) => reply.status));
    }
    expect(statuses).toEqual(Array.from({ length: count }, () => 200));
    // No waiting for a flush timer: the signal comes right after the last reply.
    adapter.child.kill('SIGTERM');
    expect(await adapter.exited).toBe(0);
    const received = adapter.lines.filter((line) => line.message === 'test message received');
    expect(received).toHaveLength(count);
    expect(new Set(received.map((line) => line.messageId)).size).toBe(count);
    const emf = adapter.lines.filter((line) => '_aws' in line);
    expect(emf).toEqual([expect.objectContaining({ Task: 'test', Processed: count, Failed: 0 })]);
  });

  it('runs periodic tasks only at the PERIODIC_PATHS it was given (the cron.yaml urls), 404 elsewhere', async () => {
    const adapter = spawnAdapter({ SERVICE_NAME: 'entry-test', PERIODIC_PATHS: '/cleanup,/reports' });
    const listening = await adapter.waitFor('HTTP adapter listening');
    const url = listening.url as string;
    expect(listening.periodicPaths).toEqual(['/cleanup', '/reports']);
    const periodic = { 'X-Aws-Sqsd-Taskname': 'cleanup', 'X-Aws-Sqsd-Scheduled-At': '2026-11-27T02:00:00Z' };
    expect((await send(url, { path: '/cleanup', headers: periodic })).status).toBe(200);
    expect((await send(url, { path: '/reports' })).status).toBe(200);
    for (const path of ['/backup', '/../../cleanup', '//cleanup?x=1', '/anything/cleanup', '/cleanup?x=1']) {
      const reply = await send(url, { path, headers: periodic });
      expect(reply.status).toBe(404);
      expect(reply.json()).toMatchObject({ error: 'NotFound' });
    }
    adapter.child.kill('SIGTERM');
    expect(await adapter.exited).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer from 0 to 65535, got "eighty"'],
    [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS must be an integer from 1 to 36000000, got "0"'],
    [{ HTTP_PATH: 'worker' }, `HTTP_PATH must be a path starting with '/', got "worker"`],
    [{ MAX_CONNECTIONS: '0' }, 'MAX_CONNECTIONS must be an integer from 1 to 100000, got "0"'],
    [{ HEADERS_TIMEOUT_MS: '1.5' }, 'HEADERS_TIMEOUT_MS must be an integer from 1 to 3600000, got "1.5"'],
    [
      { PERIODIC_PATHS: '/cleanup,reports' },
      'PERIODIC_PATHS must be comma-separated paths such as /cleanup, got "reports"',
    ],
    [
      { PERIODIC_PATHS: '/jobs/../cleanup' },
      'PERIODIC_PATHS must be comma-separated paths such as /cleanup, got "/jobs/../cleanup"',
    ],
    [{ HTTP_PATH: '//' }, `HTTP_PATH must be a path starting with '/', got "//"`],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be debug, info, warn or error, got loud'],
  ])('refuses to start with %j, naming the variable, and exits 1', async (env, reason) => {
    const adapter = spawnAdapter(env);
    expect(await adapter.exited).toBe(1);
    const line = JSON.parse(adapter.stderr().trim().split('\n').pop() ?? '{}');
    expect(line).toEqual({ level: 'error', message: 'HTTP adapter failed to start', error: reason });
  });
});
