/**
 * Throughput and latency of the EB adapter against a bare `node:http` server that answers 200, on
 * loopback, same machine, same run. Each server runs in its own child process (as on EB, where the app
 * and sqsd are separate processes); this process is the load generator: `BENCH_CONNECTIONS` keep-alive
 * connections (sqsd's HttpConnections, default 50), each POSTing sqsd-shaped `{"type":"test",...}`
 * messages back to back. Bounded by time and by a request cap. All servers start first and each is
 * warmed up; then every round loads each target once, in an order rotated per round, so drift hits all.
 * The adapter runs as EB runs it: the esbuild `server.mjs` of the EB source bundle (scripts/eb/
 * bundle-adapter.ts), started with `node server.mjs`. For comparison it also runs under tsx (as
 * `npm run start:http` does), whose keepNames transform makes closure-heavy code measurably slower.
 *
 *   npm run bench:http
 *   BENCH_CONNECTIONS=10 BENCH_DURATION_MS=3000 npm run bench:http
 *   npm run bench:http -- --json results.json      (also writes the numbers as JSON; used by `npm run bench`)
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './lib/stats.js';

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
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

type Target = { name: string; mode: 'bare' | 'tsx' | 'eb-bundle'; logLevel?: string };
type Result = { requests: number; errors: number; elapsedMs: number; latenciesUs: Float64Array };
type Running = { child: ChildProcess; port: number };

/** One target's numbers: per round, then medians over rounds; ratios are to the bare server's medians. */
type HttpRound = { rps: number; p50Ms: number; p99Ms: number; requests: number; errors: number };
type HttpTargetResult = {
  name: string;
  rounds: HttpRound[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  rpsRatio: number;
  p50Ratio: number;
  p99Ratio: number;
};
type HttpBenchResult = {
  command: string;
  node: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
  rounds: number;
  targets: HttpTargetResult[];
};

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
    const { startServer } = await import('../src/http/server.js');
    const { config, registry, log, emitMetrics } = createRuntime(process.env);
    const server = await startServer({ registry, log, service: config.service, emitMetrics, port: 0 });
    port = server.port;
  }
  process.send?.({ port });
};

// The adapter logs one line and one EMF document per message, as in production; they go to /dev/null.
const serverEnv = (target: Target) => ({
  PATH: process.env.PATH ?? '',
  LOG_LEVEL: target.logLevel ?? 'info',
  SERVICE_NAME: 'bench',
});

const forkChild = (target: Target) =>
  new Promise<Running>((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const child = fork(self, ['--serve', target.mode], {
      execArgv: self.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: serverEnv(target),
    });
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${target.name} server exited with ${code}`)));
  });

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** The EB source bundle's server.mjs (scripts/eb/bundle-adapter.ts), run as EB runs it: `node server.mjs`. */
const spawnBundle = async (target: Target, file: string): Promise<Running> => {
  const port = await freePort();
  const child = spawn(process.execPath, [file], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...serverEnv(target), HOST: '127.0.0.1', PORT: String(port) },
  });
  const deadline = performance.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${target.name}: server.mjs did not listen on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, port };
};

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

const summariseRound = (result: Result): HttpRound => {
  const sorted = result.latenciesUs.slice().sort();
  return {
    rps: result.requests / (result.elapsedMs / 1000),
    p50Ms: percentile(sorted, 50) / 1000,
    p99Ms: percentile(sorted, 99) / 1000,
    requests: result.requests,
    errors: result.errors,
  };
};

/** The command that reproduces this run: every knob, explicit. */
const command = () =>
  `BENCH_CONNECTIONS=${CONNECTIONS} BENCH_DURATION_MS=${DURATION_MS} BENCH_WARMUP_MS=${WARMUP_MS} ` +
  `BENCH_ROUNDS=${ROUNDS} npm run bench:http`;

const main = async (jsonFile: string | undefined) => {
  const targets: Target[] = [
    { name: 'bare node:http (200)', mode: 'bare' },
    { name: 'EB adapter, server.mjs bundle (LOG_LEVEL=info)', mode: 'eb-bundle', logLevel: 'info' },
    { name: 'EB adapter, server.mjs bundle (LOG_LEVEL=warn)', mode: 'eb-bundle', logLevel: 'warn' },
    { name: 'EB adapter under tsx, as npm run start:http (LOG_LEVEL=info)', mode: 'tsx', logLevel: 'info' },
  ];
  console.log(
    `node ${process.version}, ${CONNECTIONS} connections, ${ROUNDS} round(s) x ${DURATION_MS} ms per target (after ${WARMUP_MS} ms warm-up each), targets interleaved, loopback`,
  );
  const bundleFile = join(ROOT, 'node_modules', '.cache', 'worker-bench', 'http', 'server.mjs');
  mkdirSync(dirname(bundleFile), { recursive: true });
  // Loaded here, not at the top: the forked server children import this file too.
  const { bundleAdapter } = await import('../scripts/eb/bundle-adapter.js');
  writeFileSync(bundleFile, await bundleAdapter(join(ROOT, 'src', 'http', 'server.ts')));
  const running: Running[] = [];
  const results = new Map<string, Result[]>(targets.map((t) => [t.name, []]));
  try {
    for (const target of targets) {
      running.push(
        target.mode === 'eb-bundle' ? await spawnBundle(target, bundleFile) : await forkChild(target),
      );
    }
    for (const server of running) await load(server.port, WARMUP_MS);
    for (let round = 0; round < ROUNDS; round++) {
      for (let step = 0; step < targets.length; step++) {
        const index = (round + step) % targets.length;
        const target = targets[index] as Target;
        const server = running[index] as Running;
        results.get(target.name)?.push(await load(server.port, DURATION_MS));
      }
    }
  } finally {
    for (const { child } of running) {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
    }
  }
  const summaries = targets.map((t) => ({
    name: t.name,
    rounds: (results.get(t.name) ?? []).map(summariseRound),
  }));
  const pick = (rounds: HttpRound[], key: 'rps' | 'p50Ms' | 'p99Ms') => median(rounds.map((r) => r[key]));
  const bare = summaries[0]?.rounds ?? [];
  const rows: HttpTargetResult[] = summaries.map(({ name, rounds }) => ({
    name,
    rounds,
    rps: pick(rounds, 'rps'),
    p50Ms: pick(rounds, 'p50Ms'),
    p99Ms: pick(rounds, 'p99Ms'),
    requests: rounds.reduce((sum, r) => sum + r.requests, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    rpsRatio: pick(rounds, 'rps') / pick(bare, 'rps'),
    p50Ratio: pick(rounds, 'p50Ms') / pick(bare, 'p50Ms'),
    p99Ratio: pick(rounds, 'p99Ms') / pick(bare, 'p99Ms'),
  }));
  const range = (values: number[], digits: number) =>
    `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
  console.table(
    rows.map((row) => ({
      target: row.name,
      'req/s': Math.round(row.rps),
      'req/s range': range(
        row.rounds.map((r) => r.rps),
        0,
      ),
      'p50 ms': row.p50Ms.toFixed(2),
      'p99 ms': row.p99Ms.toFixed(2),
      requests: row.requests,
      'non-200': row.errors,
      'req/s vs bare': row.rpsRatio.toFixed(2),
      'p50 vs bare': row.p50Ratio.toFixed(2),
      'p99 vs bare': row.p99Ratio.toFixed(2),
    })),
  );
  console.log(`medians over rounds; command: ${command()}`);
  if (jsonFile !== undefined) {
    const result: HttpBenchResult = {
      command: command(),
      node: process.version,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      rounds: ROUNDS,
      targets: rows,
    };
    writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  }
  if (rows.some((row) => row.errors > 0)) process.exitCode = 1;
};

const { values } = parseArgs({ options: { serve: { type: 'string' }, json: { type: 'string' } } });
if (values.serve !== undefined) await serve(values.serve);
else await main(values.json);

export type { HttpBenchResult, HttpRound, HttpTargetResult };
