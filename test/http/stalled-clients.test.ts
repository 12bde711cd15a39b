/**
 * The adapter process as EB runs it (src/http/server.ts, settings from the environment) against clients
 * that stall: uploads that stop before the end of their body, request heads that never finish, and more
 * connections than MAX_CONNECTIONS. A preloaded probe reports memory after GC and the sockets the process
 * holds. Bounds are generous: they tell "closed and freed" from "held until the client goes away".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../helpers/http-harness.js';
import type { Probe } from './fixtures/memory-probe.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const probe = fileURLToPath(new URL('./fixtures/memory-probe.ts', import.meta.url));
const MiB = 1024 * 1024;

type Adapter = { child: ChildProcess; url: string; measure: () => Promise<Probe> };

const children: ChildProcess[] = [];
const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startAdapter(env: Record<string, string>): Promise<Adapter> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--import', probe, 'src/http/server.ts'],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  children.push(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`adapter exited before listening:\n${output}`)));
  });
  const measure = () =>
    new Promise<Probe>((resolve) => {
      child.once('message', (message) => resolve(message as Probe));
      child.send('measure');
    });
  return { child, url, measure };
}

type Client = { socket: Socket; closed: Promise<void>; received: () => string };

/** A raw connection that sends `head` and then `body` (if any), and keeps the connection open. */
async function openStalled(url: string, head: string, body?: Buffer): Promise<Client> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(head);
  if (body !== undefined) await new Promise<void>((resolve) => socket.write(body, () => resolve()));
  return { socket, closed, received: () => received };
}

/**
 * The adapter's memory and sockets once it has released what it closed: a client sees its socket close
 * before the server's side has gone, so this polls (bounded, 5 s) until no socket is held.
 */
async function measureAfterRelease(adapter: Adapter): Promise<Probe> {
  let measured = await adapter.measure();
  for (let attempt = 0; attempt < 50 && measured.sockets > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    measured = await adapter.measure();
  }
  return measured;
}

/** Resolves with how many of `clients` the server closed within `ms`. */
async function closedWithin(clients: Client[], ms: number): Promise<number> {
  let count = 0;
  const counted = clients.map((client) => client.closed.then(() => count++));
  await Promise.race([Promise.all(counted), new Promise((resolve) => setTimeout(resolve, ms))]);
  return count;
}

const uploadHead = (length: number) =>
  `POST / HTTP/1.1\r\nHost: adapter\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe('stalled clients', () => {
  it('closes 60 stalled 1 MiB uploads at REQUEST_TIMEOUT_MS and frees their memory', async () => {
    const adapter = await startAdapter({ REQUEST_TIMEOUT_MS: '1000' });
    // Warm up the request path so the baseline already holds its code and caches.
    expect((await send(adapter.url, { body: '{"type":"test"}' })).status).toBe(200);
    const baseline = await adapter.measure();

    // Each declares 1 MiB and sends all but the last byte, then stops.
    const almost = Buffer.alloc(MiB - 1, 0x61);
    const clients = await Promise.all(
      Array.from({ length: 60 }, () => openStalled(adapter.url, uploadHead(MiB), almost)),
    );
    const closed = await closedWithin(clients, 20_000);
    const after = await measureAfterRelease(adapter);
    const retained = after.heapUsed + after.external - (baseline.heapUsed + baseline.external);
    console.log(
      `60 stalled 1 MiB uploads: ${closed} closed by the server; ${after.sockets} sockets held; ` +
        `retained after GC ${(retained / MiB).toFixed(1)} MiB (baseline heap ${(baseline.heapUsed / MiB).toFixed(1)} MiB)`,
    );
    expect(closed).toBe(60);
    expect(after.sockets).toBe(0);
    // 60 MiB were uploaded; what is left must be noise, not bodies.
    expect(retained).toBeLessThan(8 * MiB);
    // Whatever reached a client is the retryable 500 that closes (closing a socket with unread upload
    // bytes sends a TCP reset, which can discard the reply on the client's side, so some see nothing).
    const told = clients.filter((client) => client.received() !== '');
    for (const client of told) {
      expect(client.received()).toMatch(/^HTTP\/1\.1 500 /);
      expect(client.received()).toMatch(/\r\nConnection: close\r\n/i);
    }
    console.log(`${told.length} of 60 read the 500 before the connection closed`);
    // Still serving.
    expect((await send(adapter.url, { body: '{"type":"test"}' })).status).toBe(200);
  });

  it('disconnects clients whose request head never completes (HEADERS_TIMEOUT_MS)', async () => {
    const adapter = await startAdapter({ HEADERS_TIMEOUT_MS: '1000' });
    const clients = await Promise.all(
      Array.from({ length: 20 }, () =>
        openStalled(adapter.url, 'POST / HTTP/1.1\r\nHost: adapter\r\nX-Slow: '),
      ),
    );
    // Trickle a byte now and then, as a slowloris client does to defeat idle timeouts.
    const trickle = setInterval(() => {
      for (const { socket } of clients) if (!socket.destroyed) socket.write('a');
    }, 200);
    try {
      expect(await closedWithin(clients, 15_000)).toBe(20);
    } finally {
      clearInterval(trickle);
    }
    expect((await measureAfterRelease(adapter)).sockets).toBe(0);
  });

  it('holds at most MAX_CONNECTIONS connections; the rest are dropped at once, and it serves again after', async () => {
    const adapter = await startAdapter({ MAX_CONNECTIONS: '5', REQUEST_TIMEOUT_MS: '60000' });
    const held: Client[] = [];
    for (let i = 0; i < 5; i++) held.push(await openStalled(adapter.url, uploadHead(1000), Buffer.from('{')));
    // Wait until the adapter has accepted all five before crowding it.
    for (let i = 0; i < 50 && (await adapter.measure()).sockets < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const extra = await Promise.all(
      Array.from({ length: 7 }, () => openStalled(adapter.url, uploadHead(1000), Buffer.from('{'))),
    );
    expect(await closedWithin(extra, 10_000)).toBe(7);
    for (const client of extra) expect(client.received()).toBe('');
    expect((await adapter.measure()).sockets).toBe(5);
    expect(held.every(({ socket }) => !socket.destroyed)).toBe(true);

    for (const { socket } of held) socket.destroy();
    for (let i = 0; i < 50 && (await adapter.measure()).sockets > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await send(adapter.url, { method: 'GET' })).status).toBe(200);
  });
});
