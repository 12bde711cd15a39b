import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the app saw it. */
type RecordedRequest = {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** Lower-cased names (Node's view). */
  headers: IncomingHttpHeaders;
  /** Names in the sender's own casing, `[name, value, ...]`. */
  rawHeaders: string[];
  body: Buffer;
  /** `performance.now()` when the body had arrived. */
  at: number;
  /** The client closed the connection before the app answered (e.g. sqsd's InactivityTimeout). */
  abandoned: boolean;
  /** The request came on a keep-alive connection that had served an earlier request. */
  reusedSocket: boolean;
  /** Set once the app has answered. */
  answeredAt?: number;
};

/**
 * What the app does with a request: answer (optionally after a delay, with a body), never answer, or
 * close the connection without answering.
 */
type Reply = { status: number; body?: string; delayMs?: number } | 'hang' | 'destroy';
type Responder = (request: RecordedRequest, index: number) => Reply;

/**
 * A real node:http app on a random loopback port that records every request and counts how many are
 * open at once. `hang` requests stay open until the client gives up or `close()`.
 */
async function startRecordingApp(respond: Responder = () => ({ status: 200 })) {
  const requests: RecordedRequest[] = [];
  let open = 0;
  let maxOpen = 0;
  const served = new WeakSet<object>();
  const server = createServer((req, res: ServerResponse) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    let counted = true;
    const done = () => {
      if (counted) open--;
      counted = false;
    };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        at: performance.now(),
        abandoned: false,
        reusedSocket: served.has(req.socket),
      };
      served.add(req.socket);
      const index = requests.push(recorded) - 1;
      res.once('close', () => {
        if (!res.writableFinished) recorded.abandoned = true;
        done();
      });
      const reply = respond(recorded, index);
      if (reply === 'hang') return;
      if (reply === 'destroy') return void req.socket.destroy();
      const answer = () => {
        if (res.destroyed) return;
        recorded.answeredAt = performance.now();
        res.writeHead(reply.status, { 'Content-Type': 'text/plain' });
        res.end(reply.body ?? '');
        done();
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** Highest number of requests open at the same time. */
    maxOpen: () => maxOpen,
    /** A raw header by exact (case-sensitive) name, to check the sender's casing. */
    rawHeader(request: RecordedRequest, name: string): string | undefined {
      const index = request.rawHeaders.findIndex((value, i) => i % 2 === 0 && value === name);
      return index === -1 ? undefined : request.rawHeaders[index + 1];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type RecordingApp = Awaited<ReturnType<typeof startRecordingApp>>;

/** A loopback port with nothing listening on it (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type { RecordedRequest, RecordingApp, Reply, Responder };
export { closedPort, startRecordingApp };
