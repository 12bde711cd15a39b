import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { quietHttpApp } from '../helpers/quiet-http-app.js';

const LIMIT = 64 * 1024;
const CHUNK = Buffer.alloc(16 * 1024, 'a');
/** One chunk of a chunked body, as the client writes it. */
const FRAME = Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]);

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The adapter with a small body limit, and the server side of the next connection and reply. */
async function adapter() {
  const app = quietHttpApp({ bodyLimitBytes: LIMIT });
  const server = createServer(app.handle);
  servers.push(server);
  const serverSocket = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const reply = new Promise<ServerResponse>((resolve) => server.once('request', (_req, res) => resolve(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, serverSocket, reply };
}

function write(socket: Socket, data: Buffer | string) {
  return new Promise<void>((resolve, reject) =>
    socket.write(data, (error) => (error ? reject(error) : resolve())),
  );
}

describe('a refused upload that goes on sending', () => {
  it('can still read its 413: the adapter half-closes and drops the rest instead of resetting', async () => {
    const { port, serverSocket, reply } = await adapter();
    const client = connect(port, '127.0.0.1');
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    // Not reading yet: like an uploader busy writing, it only reads once its body is out.
    client.pause();
    await new Promise((resolve) => client.once('connect', resolve));
    await write(
      client,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const server = await serverSocket;
    const serverFinished = new Promise((resolve) => server.once('finish', resolve));
    // Past the limit: the adapter answers 413 and ends its side of the connection.
    for (let sent = 0; sent <= 4 * LIMIT; sent += CHUNK.length) await write(client, FRAME);
    const response = await reply;
    if (!response.writableFinished) await new Promise((resolve) => response.once('finish', resolve));
    await serverFinished;
    // The client has not read the reply and still sends, more than socket buffers hold: the adapter
    // reads and drops it (a reset socket would fail these writes, a paused one would stall them).
    for (let more = 0; more < 256; more++) await write(client, FRAME);
    client.resume();
    let received = '';
    client.setEncoding('latin1');
    client.on('data', (text: string) => {
      received += text;
    });
    await new Promise((resolve) => client.once('end', resolve));
    client.destroy();

    expect(errors).toEqual([]);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain('"error":"PayloadTooLarge"');
  });
});
