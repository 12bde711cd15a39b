import {
  Agent,
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { startServer } from '../../src/http/server.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { eventually } from '../helpers/eventually.js';
import { type Harness, REPLY_IDLE_LIMIT_MS, send, startHarness } from '../helpers/http-harness.js';
import { quietHttpApp } from '../helpers/quiet-http-app.js';
import { testRegistry } from '../helpers/registries.js';

const MiB = 1024 * 1024;

const running: Harness[] = [];
const harness = async (options: Parameters<typeof startHarness>[0] = {}) => {
  const started = await startHarness(options);
  running.push(started);
  return started;
};

afterEach(async () => {
  for (const h of running.splice(0)) {
    h.releaseSlow();
    await h.server.close();
  }
});

/** Waits for backpressure to clear or the request to die, leaving no listener behind. */
const drainOrClose = (req: ClientRequest) =>
  new Promise<void>((resolve) => {
    const done = () => {
      req.off('drain', done).off('close', done);
      resolve();
    };
    req.on('drain', done).on('close', done);
  });

/** Starts a POST and returns it unfinished, with its response as a promise; errors after it are ignored. */
const openPost = (url: string, headers: Record<string, string | number>, path = '/') => {
  const req: ClientRequest = httpRequest(new URL(path, url), { method: 'POST', agent: false, headers });
  const response = new Promise<{ res: IncomingMessage; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ res, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
  });
  req.setTimeout(REPLY_IDLE_LIMIT_MS, () =>
    req.destroy(new Error(`no reply within ${REPLY_IDLE_LIMIT_MS} ms`)),
  );
  response.catch(() => {});
  return { req, response };
};

describe('body limit', () => {
  it('accepts a body of exactly 1 MiB, unchanged', async () => {
    const h = await harness();
    const body = `${'x'.repeat(MiB - 3)}end`;
    const reply = await send(h.server.url, {
      headers: {
        'Content-Type': 'text/plain',
        'X-Aws-Sqsd-Attr-type': 'record',
        'X-Aws-Sqsd-Msgid': 'm-1mib',
      },
      body,
    });
    expect(reply.status).toBe(200);
    expect(h.seen.find((entry) => entry.message.id === 'm-1mib')?.message.rawBody).toBe(body);
  });

  it('answers 413 to one byte more, and closes the connection', async () => {
    const h = await harness();
    const reply = await send(h.server.url, { body: `{"type":"record","pad":"${'x'.repeat(MiB)}"}` });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    expect(reply.json()).toEqual({ error: 'PayloadTooLarge', message: `body exceeds ${MiB} bytes` });
    expect(h.seen).toHaveLength(0);
    expect(h.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'request body too large', limitBytes: MiB }),
    );
  });

  it('refuses a declared Content-Length over the limit before the body arrives', async () => {
    const h = await harness();
    const { req, response } = openPost(h.server.url, { 'Content-Length': 2 * MiB });
    req.write('{"type":"record"');
    // The body is never finished: only an answer that does not wait for it can arrive.
    const { res } = await response;
    expect(res.statusCode).toBe(413);
    req.destroy();
  });

  it('reads a chunked body to its end, and a body that arrives in several pieces', async () => {
    const h = await harness();
    for (const [id, headers] of [
      ['m-chunked', { 'Transfer-Encoding': 'chunked' }],
      ['m-pieces', { 'Content-Length': 33 }],
    ] as const) {
      const { req, response } = openPost(h.server.url, { 'X-Aws-Sqsd-Msgid': id, ...headers });
      req.write('{"type":"record",');
      await new Promise((resolve) => setTimeout(resolve, 20));
      req.end('"part":"second"}');
      const { res } = await response;
      expect(res.statusCode).toBe(200);
      const run = h.seen.find((entry) => entry.message.id === id);
      expect(run?.message.payload).toEqual({ type: 'record', part: 'second' });
    }
  });

  it('runs a POST without a body (no Content-Length, no Transfer-Encoding) with an empty one', async () => {
    const h = await harness();
    const socket = connect(Number(new URL(h.server.url).port), '127.0.0.1');
    socket.write('POST /record HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const head = await new Promise<string>((resolve) =>
      socket.once('data', (chunk) => resolve(String(chunk))),
    );
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(h.seen.at(-1)?.message.rawBody).toBe('');
  });

  it('stops reading a chunked body that never ends once it crosses the limit', async () => {
    const h = await harness();
    const { req, response } = openPost(h.server.url, { 'Transfer-Encoding': 'chunked' });
    let answered = false;
    response.then(() => {
      answered = true;
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // Bounded: 64 MiB at most, far past the limit; the server must answer long before.
    for (let sent = 0; !answered && sent < 64 * MiB; sent += chunk.length) {
      if (!req.write(chunk)) await drainOrClose(req);
      if (req.destroyed) break;
    }
    const { res } = await response;
    expect(res.statusCode).toBe(413);
    req.destroy();
  });
});

describe('request timeout', () => {
  it('answers 500 (retry) when the task outlives REQUEST_TIMEOUT_MS, and aborts its signal', async () => {
    const h = await harness({ requestTimeoutMs: 250 });
    const before = h.metrics.length;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const reply = await send(h.server.url, {
      agent,
      headers: { 'X-Aws-Sqsd-Msgid': 'm-slow' },
      body: '{"type":"slow"}',
    });
    agent.destroy();
    expect(reply.status).toBe(500);
    expect(reply.headers.connection).toBe('close');
    expect(reply.json()).toEqual({
      error: 'RetryableError',
      message: 'request timed out after 250 ms',
      messageId: 'm-slow',
    });
    const run = h.seen.find((entry) => entry.message.id === 'm-slow');
    expect(run?.signal.aborted).toBe(true);
    // What a task that logs its abort reason shows.
    expect(run?.signal.reason).toMatchObject({
      name: 'RetryableError',
      message: 'request timed out after 250 ms',
      messageId: 'm-slow',
    });
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'request timed out; answered 500 and closed the connection so sqsd retries it',
        messageId: 'm-slow',
        bodyComplete: true,
      }),
    );
    expect(h.metrics.slice(before)).toEqual([expect.objectContaining({ Task: 'unrouted', Failed: 1 })]);
    // The time the request was given, in milliseconds (not a timestamp).
    const duration = Number(h.metrics.at(-1)?.Duration);
    expect(duration).toBeGreaterThanOrEqual(240);
    expect(duration).toBeLessThan(60_000);
  });

  it('aborts the task signal when sqsd gives up and closes the connection', async () => {
    const h = await harness();
    const started = h.slowStarted();
    const { req } = openPost(h.server.url, { 'X-Aws-Sqsd-Msgid': 'm-gone', 'Content-Length': 15 });
    req.end('{"type":"slow"}');
    await started;
    const run = h.seen.find((entry) => entry.message.id === 'm-gone');
    const aborted = new Promise<void>((resolve) => run?.signal.addEventListener('abort', () => resolve()));
    req.destroy();
    await aborted;
    expect(run?.signal.reason).toMatchObject({
      name: 'RetryableError',
      message: 'client closed the connection',
      messageId: 'm-gone',
    });
  });
});

/**
 * Two `slow` POSTs pipelined on one raw connection, and their runs once both tasks have started: the
 * second one's reply waits behind the first's.
 */
async function pipelinedSlowPosts(h: Harness, ids: readonly [string, string]) {
  const socket = connect(Number(new URL(h.server.url).port), '127.0.0.1');
  const body = '{"type":"slow"}';
  const post = (id: string) =>
    `POST / HTTP/1.1\r\nHost: localhost\r\nX-Aws-Sqsd-Msgid: ${id}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  socket.write(post(ids[0]) + post(ids[1]));
  const runs = await eventually(() => {
    const found = ids.map((id) => h.seen.find((entry) => entry.message.id === id));
    return found.every((run) => run !== undefined) ? found : undefined;
  });
  return { socket, runs };
}

describe('connection closed under pipelined requests', () => {
  it('aborts every task in flight on the connection, a pipelined one whose reply is still queued too', async () => {
    const h = await harness();
    const { socket, runs } = await pipelinedSlowPosts(h, ['m-pipe-1', 'm-pipe-2']);
    const aborted = runs.map(
      (run) => new Promise<void>((resolve) => run?.signal.addEventListener('abort', () => resolve())),
    );
    socket.destroy();
    await Promise.all(aborted);
    expect(runs.map((run) => run?.signal.reason?.message)).toEqual([
      'client closed the connection',
      'client closed the connection',
    ]);
  });
});

describe('connection closed after pipelined requests were answered', () => {
  it('leaves both tasks alone, whichever finished first', async () => {
    const h = await harness();
    const { socket, runs } = await pipelinedSlowPosts(h, ['m-done-1', 'm-done-2']);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    let received = '';
    socket.on('data', (chunk) => {
      received += String(chunk);
    });
    h.releaseSlow();
    await eventually(() => (received.match(/HTTP\/1\.1 200 /g)?.length === 2 ? true : undefined));
    socket.end();
    await closed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.map((run) => run?.signal.aborted)).toEqual([false, false]);
  });

  it('listens for the close of a connection once, however many requests it carries', async () => {
    const app = quietHttpApp();
    const server = createServer(app.handle);
    const serverSocket = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const listeners: number[] = [];
      for (let request = 0; request < 12; request++) {
        const reply = await send(url, { body: '{"type":"record"}', agent });
        expect(reply.status).toBe(200);
        listeners.push((await serverSocket).listenerCount('close'));
      }
      expect(new Set(listeners).size).toBe(1);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish with 200 and refuses new connections meanwhile', async () => {
    const h = await harness();
    const started = h.slowStarted();
    const inFlight = send(h.server.url, {
      headers: { 'X-Aws-Sqsd-Msgid': 'm-drain' },
      body: '{"type":"slow"}',
    });
    await started;
    let closed = false;
    const closing = h.server.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    await expect(send(h.server.url, { method: 'GET' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    h.releaseSlow();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
  });

  it('closes idle keep-alive connections at once, so close() does not wait for their timeout', async () => {
    const h = await harness();
    const port = new URL(h.server.url).port;
    const socket = connect(Number(port), '127.0.0.1');
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', () => {});
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    await h.server.close();
    await ended;
    expect(socket.destroyed).toBe(true);
  });

  it('answers 503 to a POST that arrives while draining (sqsd retries it elsewhere), closes the connection of one in flight, GET still 200', async () => {
    const tasks = testRegistry();
    const app = quietHttpApp({ registry: tasks.registry });
    const server = createServer(app.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // In flight when draining starts: answered as usual, then its connection goes.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const started = tasks.slowStarted();
      const inFlight = send(url, {
        agent,
        headers: { 'X-Aws-Sqsd-Msgid': 'm-in-flight' },
        body: '{"type":"slow"}',
      });
      await started;
      app.startDraining();
      tasks.releaseSlow();
      expect(await inFlight).toMatchObject({ status: 200, headers: { connection: 'close' } });
      agent.destroy();
      const reply = await send(url, { body: '{"type":"record"}' });
      expect(reply.status).toBe(503);
      expect(reply.headers.connection).toBe('close');
      expect(reply.json()).toEqual({
        error: 'ShuttingDown',
        message: 'the worker is shutting down; the message will be retried',
      });
      expect(tasks.seen.map((entry) => entry.message.id)).toEqual(['m-in-flight']);
      expect((await send(url, { method: 'GET' })).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('unexpected errors', () => {
  it('answers 500 with a generic JSON body and logs the error, never the stack', async () => {
    const { log, raw: lines, withMessage } = captureLogger('info');
    const server = await startServer({
      registry: testRegistry().registry,
      log,
      emitMetrics: () => {},
      service: 'worker-tier-test',
      port: 0,
      // Fails outside processDelivery (which never throws): the adapter's own last-resort handler answers.
      newId: () => {
        throw new Error('id source exploded: secret=hunter2');
      },
    });
    try {
      const reply = await send(server.url, { body: '{"type":"test"}' });
      expect(reply.status).toBe(500);
      expect(reply.json()).toEqual({
        error: 'InternalError',
        message: 'internal error; the message will be retried',
      });
      expect(reply.text).not.toContain('hunter2');
      expect(lines.join('\n')).toContain('id source exploded');
      expect(withMessage('unexpected error handling a request')).toEqual([
        expect.objectContaining({ level: 'error', method: 'POST', url: '/' }),
      ]);
      expect(lines.join('\n')).not.toMatch(/\n\s+at\s/);
    } finally {
      await server.close();
    }
  });

  it('still answers 200 for a processed message when the metrics sink throws', async () => {
    const h = await harness({
      emitMetrics: () => {
        throw new Error('stdout closed');
      },
    });
    const reply = await send(h.server.url, { body: '{"type":"test"}' });
    expect(reply.status).toBe(200);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        message: 'emitting metrics failed',
        error: expect.objectContaining({ message: 'stdout closed' }),
      }),
    );
  });
});

describe('request timeout, before and after the task', () => {
  it('answers 500 and closes the connection when the body is still arriving at REQUEST_TIMEOUT_MS', async () => {
    const h = await harness({ requestTimeoutMs: 200 });
    const { req, response } = openPost(h.server.url, {
      'X-Aws-Sqsd-Msgid': 'm-stalled',
      'Content-Length': 1000,
    });
    const closed = new Promise<void>((resolve) => req.on('close', () => resolve()));
    req.write('{"type":"record","data":"');
    const { res, text } = await response;
    expect(res.statusCode).toBe(500);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(text)).toEqual({
      error: 'RetryableError',
      message: 'request timed out after 200 ms',
      messageId: 'm-stalled',
    });
    // The socket goes with the reply: a stalled upload keeps neither it nor the bytes read so far.
    await closed;
    // Drained: the body read that the closed socket cut short has ended too, and added nothing.
    await h.server.close();
    expect(h.seen).toEqual([]);
    expect(h.metrics).toEqual([expect.objectContaining({ Failed: 1 })]);
    expect(h.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', messageId: 'm-stalled', path: '/', bodyComplete: false }),
    );
  });

  it('forgets a POST whose client goes away mid-body: no timeout and no metrics afterwards', async () => {
    const h = await harness({ requestTimeoutMs: 60_000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { req } = openPost(h.server.url, {
        'X-Aws-Sqsd-Msgid': 'm-vanished',
        'Content-Length': 1000,
        // The server's 100 Continue proves it is reading this request's body.
        Expect: '100-continue',
      });
      await new Promise((resolve) => req.once('continue', resolve));
      req.write('{"type":"record","data":"');
      req.destroy();
      await h.server.close();
      // The request stream closes a couple of event-loop turns after its socket; no timer involved.
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      vi.advanceTimersByTime(120_000);
    } finally {
      vi.useRealTimers();
    }
    expect(h.logs.filter((line) => line.level !== 'debug')).toEqual([]);
    expect(h.metrics).toEqual([]);
    expect(h.seen).toEqual([]);
  });

  it('forgets the timer of an answered request: it never fires afterwards', async () => {
    const h = await harness({ requestTimeoutMs: 60_000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const reply = await send(h.server.url, {
        headers: { 'X-Aws-Sqsd-Msgid': 'm-on-time' },
        body: '{"type":"record"}',
      });
      expect(reply.status).toBe(200);
      vi.advanceTimersByTime(120_000);
    } finally {
      vi.useRealTimers();
    }
    expect(h.logs.filter((line) => String(line.message).startsWith('request timed out'))).toEqual([]);
    expect(h.metrics).toEqual([expect.objectContaining({ Processed: 1, Failed: 0 })]);
    expect(h.seen.find((entry) => entry.message.id === 'm-on-time')?.signal.aborted).toBe(false);
  });

  it('logs a task that ends after its request timed out, and counts the message once', async () => {
    const h = await harness({ requestTimeoutMs: 200 });
    const before = h.metrics.length;
    const reply = await send(h.server.url, {
      headers: { 'X-Aws-Sqsd-Msgid': 'm-late' },
      body: '{"type":"slow"}',
    });
    expect(reply.status).toBe(500);
    // The slow task ends when its signal aborts; what it returns no longer decides anything.
    await vi.waitFor(() =>
      expect(h.logs).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'task finished after its request timed out',
          messageId: 'm-late',
          action: 'ack',
        }),
      ),
    );
    expect(h.metrics.slice(before)).toEqual([expect.objectContaining({ Failed: 1 })]);
  });

  it('leaves the signal of an answered task alone when the connection closes afterwards', async () => {
    const h = await harness();
    const socket = connect(Number(new URL(h.server.url).port), '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const body = '{"type":"record"}';
    socket.write(
      `POST / HTTP/1.1\r\nHost: localhost\r\nX-Aws-Sqsd-Msgid: m-answered\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    const head = await new Promise<string>((resolve) =>
      socket.once('data', (chunk) => resolve(String(chunk))),
    );
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    socket.end();
    await closed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.seen.find((entry) => entry.message.id === 'm-answered')?.signal.aborted).toBe(false);
  });
});

describe('health checks with a body', () => {
  it.each([
    ['Content-Length: 100', 'partial'],
    ['Transfer-Encoding: chunked', '7\r\npartial\r\n'],
  ])(
    'answers a GET whose body never finishes (%s), then closes its connection instead of waiting',
    async (framing, start) => {
      const h = await harness();
      const socket = connect(Number(new URL(h.server.url).port), '127.0.0.1');
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      let received = '';
      socket.on('data', (chunk) => {
        received += String(chunk);
      });
      // Closed once the reply is out, not by the grace timer (frozen here) that backs it up.
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      try {
        socket.write(`GET / HTTP/1.1\r\nHost: localhost\r\n${framing}\r\n\r\n${start}`);
        await closed;
      } finally {
        vi.useRealTimers();
      }
      expect(received).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\nConnection: close\r\n/);
      expect(received).toContain('Worker Environment is running!');
    },
  );
});

describe('startServer', () => {
  it('rejects with the bind error when the port is taken', async () => {
    const h = await harness();
    const { port } = h.server;
    await expect(
      startServer({
        registry: testRegistry().registry,
        log: createLogger({ sink: () => {} }),
        emitMetrics: () => {},
        service: 'worker-tier-test',
        port,
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('gives an IPv6 host its bracketed URL', async () => {
    const h = await harness({ host: '::1' });
    expect(h.server.url).toBe(`http://[::1]:${h.server.port}`);
    expect((await send(h.server.url, { method: 'GET' })).status).toBe(200);
  });

  it('is safe to close twice: both calls wait for the same drain', async () => {
    const h = await harness();
    await expect(Promise.all([h.server.close(), h.server.close()])).resolves.toEqual([undefined, undefined]);
  });

  it('cuts a request still running at drainTimeoutMs, so a stuck task cannot hold shutdown', async () => {
    const h = await harness({ drainTimeoutMs: 100 });
    const started = h.slowStarted();
    const stuck = send(h.server.url, { headers: { 'X-Aws-Sqsd-Msgid': 'm-stuck' }, body: '{"type":"slow"}' });
    await started;
    await h.server.close();
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('logs each connection dropped at MAX_CONNECTIONS', async () => {
    const h = await harness({ maxConnections: 1 });
    const port = Number(new URL(h.server.url).port);
    const held = connect(port, '127.0.0.1');
    await new Promise((resolve) => held.once('connect', resolve));
    // Accepted in the order they arrived: the held one takes the only slot.
    const dropped = connect(port, '127.0.0.1');
    let droppedPort: number | undefined;
    dropped.once('connect', () => {
      droppedPort = dropped.localPort;
    });
    await new Promise((resolve) => dropped.on('close', resolve).on('error', () => {}));
    held.destroy();
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'connection dropped: MAX_CONNECTIONS reached',
        maxConnections: 1,
        remotePort: droppedPort,
      }),
    );
  });
});
