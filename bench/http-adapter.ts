/**
 * Throughput and latency of the EB adapter against a bare `node:http` server that answers 200, on
 * loopback, same machine, same run. Each server runs in its own child process (as on EB, where the app
 * and sqsd are separate processes); this process is the load generator: `BENCH_CONNECTIONS` keep-alive
 * connections (sqsd's HttpConnections, default 50), each POSTing sqsd-shaped `{"type":"test",...}`
 * messages back to back. Bounded by time and by a request cap.
 *
 *   npm run bench:http
 *   BENCH_CONNECTIONS=10 BENCH_DURATION_MS=3000 npm run bench:http
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

const CONNECTIONS = env('BENCH_CONNECTIONS', 50);
const DURATION_MS = env('BENCH_DURATION_MS', 5000);
const WARMUP_MS = env('BENCH_WARMUP_MS', 1000);
const ROUNDS = env('BENCH_ROUNDS', 2);
const MAX_REQUESTS = env('BENCH_MAX_REQUESTS', 2_000_000);

const BODY = '{"type":"test","data":"Hello Worker!"}';

type Target = { name: string; mode: 'bare' | 'adapter'; logLevel?: string };
type Result = { requests: number; errors: number; elapsedMs: number; latenciesUs: Float64Array };

/** Child mode: start one server on a random loopback port and report the port over IPC. */
const serve = async (mode: string) => {
  let port: number;
  if (mode === 'bare') {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('OK');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  } else {
    // The same wiring as `src/http/server.ts` main(): config and logger from the environment.
    const { createRuntime } = await import('../src/handlers/runtime.js');
    const { registry } = await import('../src/tasks/index.js');
    const { startServer } = await import('../src/http/server.js');
    const { config, log } = createRuntime(process.env);
    const server = await startServer({
      registry,
      log,
      service: config.service,
      emitMetrics: (line) => console.log(line),
      port: 0,
    });
    port = server.port;
  }
  process.send?.({ port });
};

const startChild = (target: Target) =>
  new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', target.mode], {
      execArgv: ['--import', 'tsx'],
      // The adapter logs one line and one EMF document per message, as in production; they go to /dev/null.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: target.logLevel ?? 'info', SERVICE_NAME: 'bench' },
    });
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${target.name} server exited with ${code}`)));
  });

/** `CONNECTIONS` loops, each sending one request at a time on its own keep-alive socket. */
const load = async (port: number, durationMs: number): Promise<Result> => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = new Float64Array(MAX_REQUESTS);
  let requests = 0;
  let errors = 0;
  let sequence = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          method: 'POST',
          agent,
          headers: {
            'User-Agent': 'aws-sqsd/3.0.4',
            'Content-Type': 'application/json',
            'Content-Length': BODY.length,
            'X-Aws-Sqsd-Msgid': `bench-${sequence++}`,
            'X-Aws-Sqsd-Queue': 'awseb-e-bench-stack-AWSEBWorkerQueue-BENCH',
            'X-Aws-Sqsd-Receive-Count': '1',
            'X-Aws-Sqsd-First-Received-At': '2026-11-27T12:00:01Z',
            'X-Aws-Sqsd-Sent-At': '2026-11-27T12:00:00Z',
            'X-Aws-Sqsd-Sender-Id': 'AROA2XEFXCLXVWYXRGF4D:i-07f157f85fb97a241',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            if (requests < MAX_REQUESTS) latencies[requests] = (performance.now() - t0) * 1000;
            requests++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(BODY);
    });
  const loop = async () => {
    while (performance.now() < deadline && requests < MAX_REQUESTS) await one();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { requests, errors, elapsedMs, latenciesUs: latencies.slice(0, Math.min(requests, MAX_REQUESTS)) };
};

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);

const summarise = (results: Result[]) => {
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const elapsedMs = results.reduce((sum, r) => sum + r.elapsedMs, 0);
  const all = new Float64Array(results.reduce((sum, r) => sum + r.latenciesUs.length, 0));
  let offset = 0;
  for (const r of results) {
    all.set(r.latenciesUs, offset);
    offset += r.latenciesUs.length;
  }
  all.sort();
  return {
    rps: requests / (elapsedMs / 1000),
    p50: percentile(all, 50) / 1000,
    p99: percentile(all, 99) / 1000,
    requests,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
};

const main = async () => {
  const targets: Target[] = [
    { name: 'bare node:http (200)', mode: 'bare' },
    { name: 'EB adapter (LOG_LEVEL=info)', mode: 'adapter', logLevel: 'info' },
    { name: 'EB adapter (LOG_LEVEL=warn)', mode: 'adapter', logLevel: 'warn' },
  ];
  const results = new Map<string, Result[]>(targets.map((t) => [t.name, []]));
  console.log(
    `node ${process.version}, ${CONNECTIONS} connections, ${ROUNDS} round(s) x ${DURATION_MS} ms per target (after ${WARMUP_MS} ms warm-up), loopback`,
  );
  for (const target of targets) {
    const { child, port } = await startChild(target);
    try {
      await load(port, WARMUP_MS);
      for (let round = 0; round < ROUNDS; round++)
        results.get(target.name)?.push(await load(port, DURATION_MS));
    } finally {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    }
  }
  const rows = targets.map((t) => ({ target: t.name, ...summarise(results.get(t.name) ?? []) }));
  const bare = rows[0];
  console.table(
    rows.map((row) => ({
      target: row.target,
      'req/s': Math.round(row.rps),
      'p50 ms': row.p50.toFixed(2),
      'p99 ms': row.p99.toFixed(2),
      requests: row.requests,
      'non-200': row.errors,
      'req/s vs bare': bare ? (row.rps / bare.rps).toFixed(2) : '',
      'p50 vs bare': bare ? (row.p50 / bare.p50).toFixed(2) : '',
      'p99 vs bare': bare ? (row.p99 / bare.p99).toFixed(2) : '',
    })),
  );
  if (rows.some((row) => row.errors > 0)) process.exitCode = 1;
};

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex !== -1) await serve(process.argv[serveIndex + 1] ?? 'bare');
else await main();
