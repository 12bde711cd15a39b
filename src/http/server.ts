import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '../handlers/runtime.js';
import { createBufferedWriter } from '../long-running/buffered-writer.js';
import { createHttpApp } from './app.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './body.js';
import type { HttpAppDeps } from './http-app-deps.js';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  readHttpConfig,
} from './http-config.js';

type StartServerOptions = Omit<
  HttpAppDeps,
  'httpPath' | 'periodicPaths' | 'requestTimeoutMs' | 'bodyLimitBytes'
> & {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** `0` picks a free port (tests). @defaultValue 8080 */
  port?: number;
  /** @defaultValue '/' */
  httpPath?: string;
  /** cron.yaml urls accepted besides `httpPath` (see HttpConfig). @defaultValue none */
  periodicPaths?: readonly string[];
  /** Connections open at once; further ones are dropped at accept. @defaultValue 128 */
  maxConnections?: number;
  /** Disconnect a client whose request head is not complete by then. @defaultValue 10000 */
  headersTimeoutMs?: number;
  /** @defaultValue 290000 */
  requestTimeoutMs?: number;
  /** @defaultValue 1048576 */
  bodyLimitBytes?: number;
  /**
   * How long `close()` waits for in-flight requests before cutting their connections. Every request
   * answers within `requestTimeoutMs`, so the default only guards against a stuck socket.
   * @defaultValue requestTimeoutMs + 5000
   */
  drainTimeoutMs?: number;
};

type RunningServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. Safe to call twice. */
  close: () => Promise<void>;
};

/**
 * Starts the EB-compatible adapter: sqsd (or nginx in front of it) POSTs each message here.
 *
 * @example
 * ```ts
 * const server = await startServer({ registry, log, emitMetrics: console.log, service: 'worker', port: 0 });
 * await fetch(server.url, { method: 'POST', body: '{"type":"test"}' }); // 200
 * await server.close();
 * ```
 */
async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = createHttpApp({
    ...options,
    httpPath: options.httpPath ?? '/',
    periodicPaths: options.periodicPaths ?? [],
    requestTimeoutMs,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
  });
  const headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const server = createServer(
    // Node checks the headers timeout on this interval (30 s by default), so it bounds how late it bites.
    { connectionsCheckingInterval: Math.min(1000, headersTimeoutMs) },
    app.handle,
  );
  // Node's own request timeout (408) is off: the app's timer covers reading the body and running the task,
  // and closes the connection when it fires.
  server.requestTimeout = 0;
  // A client trickling its request head would otherwise hold a connection (and a slot) indefinitely.
  server.headersTimeout = headersTimeoutMs;
  // nginx (EB's upstream keepalive pool, 60 s idle) and sqsd reuse connections. If Node closed an idle
  // one first (its default is 5 s), a POST racing the close would get a 502 and a needless retry.
  server.keepAliveTimeout = 65_000;
  // sqsd opens at most HttpConnections; beyond the cap a connection is dropped at accept, and its sender
  // (sqsd through nginx) retries the message later instead of the adapter buffering without bound.
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  server.on('drop', (dropped) =>
    options.log.warn('connection dropped: MAX_CONNECTIONS reached', {
      maxConnections: server.maxConnections,
      remotePort: dropped?.remotePort,
    }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      app.startDraining();
      const deadline = setTimeout(
        () => server.closeAllConnections(),
        options.drainTimeoutMs ?? requestTimeoutMs + 5000,
      );
      deadline.unref();
      server.close(() => {
        clearTimeout(deadline);
        // Every request has been answered: the interval's counts are complete.
        app.stop();
        resolve();
      });
      // Idle keep-alive connections (sqsd's pool) would otherwise hold close() open until they time out.
      server.closeIdleConnections();
    });
    return closing;
  };
  return { url, port, close };
}

// Stryker disable all: the process entry runs only as a child process (test/http/entry.test.ts and
// stalled-clients.test.ts), where Stryker cannot switch a mutant on; those suites test it outside the run.
/** True when this file is the process entry (`tsx src/http/server.ts`, or `node server.mjs` bundled). */
function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Process entry: config from the environment, graceful shutdown on SIGTERM (EB deploys) and SIGINT. */
async function main() {
  // Buffered stdout, flushed on a timer, at exit and on the signals below (docs/design.md, "Log output").
  const output = createBufferedWriter();
  const { config, registry, log, emitMetrics, deadLetter } = createRuntime(process.env, {
    sink: output.write,
  });
  const http = readHttpConfig(process.env);
  const server = await startServer({
    ...http,
    registry,
    log,
    deadLetter,
    unknownTaskPolicy: config.unknownTaskPolicy,
    service: config.service,
    emitMetrics,
  });
  log.info('HTTP adapter listening', {
    url: server.url,
    httpPath: http.httpPath,
    periodicPaths: http.periodicPaths,
    maxConnections: http.maxConnections,
    metricsIntervalMs: http.metricsIntervalMs,
    deadLetter: Boolean(deadLetter),
    unknownTaskPolicy: config.unknownTaskPolicy,
  });
  // A second signal is not caught (`once`), so it kills the process: the way out of a stuck drain.
  const shutdown = (signal: NodeJS.Signals) => {
    // What was logged before the signal is out now, even if the drain takes minutes.
    output.flush();
    const drained = server.close();
    // Logged once the listener is closed, so anyone reading it knows new connections are refused.
    log.info('shutting down: draining in-flight requests', { signal });
    drained.then(
      () => log.info('HTTP adapter stopped', { signal }),
      (error: unknown) => {
        log.error('shutdown failed', { error });
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (isEntryPoint(import.meta.url)) {
  main().catch((error: unknown) => {
    // Configuration or bind errors: one JSON line with the reason, no stack, and a failing exit code.
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      JSON.stringify({ level: 'error', message: 'HTTP adapter failed to start', error: message }),
    );
    process.exitCode = 1;
  });
}

// Stryker restore all

export type { RunningServer, StartServerOptions };
export { startServer };
