/**
 * Throughput and latency of the EB adapter against a bare `node:http` server that answers 200 and against
 * the same worker written in Flask under gunicorn, on loopback, same machine, same run. Each server runs
 * in its own child process (as on EB, where the app and sqsd are separate processes). The load generator
 * is `wrk` when it is installed (`apt-get install wrk`), else a Node generator in this process; either way
 * `BENCH_CONNECTIONS` keep-alive connections (sqsd's HttpConnections, default 50), each POSTing
 * sqsd-shaped `{"type":"test",...}` messages back to back. With wrk, the bare server and the adapter are
 * also loaded by the Node generator, so the report shows each generator's ceiling: one that cannot drive
 * the bare server to 2× the adapter's rate is measuring itself, and the report says so.
 *
 * All servers start first and each is warmed up; then every round loads each (target, generator) pair
 * once, in an order rotated per round, so drift hits all. The adapter runs as EB runs it: the esbuild
 * `server.mjs` of the EB source bundle (scripts/eb/bundle-adapter.ts), started with `node server.mjs`,
 * LOG_LEVEL=info: one log line per message, to /dev/null. For comparison it also runs at LOG_LEVEL=warn and
 * under tsx (as `npm run start:http` does). The Flask target (bench/flask/app.py) runs when a Python
 * with flask and gunicorn is found (bench/http/flask.ts).
 *
 *   npm run bench:http
 *   BENCH_CONNECTIONS=10 BENCH_DURATION_MS=3000 npm run bench:http
 *   BENCH_GENERATOR=node npm run bench:http        (ignore wrk even when installed)
 *   BENCH_PIN=0 npm run bench:http                 (do not pin servers and generators to CPUs; see http/cpu-pinning.ts)
 *   npm run bench:http -- --json results.json      (also writes the numbers as JSON; used by `npm run bench`)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CpuPinning, describePinning, onServerCpu, pinSelf, planPinning } from './http/cpu-pinning.js';
import { findFlaskPython, startFlask } from './http/flask.js';
import { type LoadResult, SQSD_BODY, SQSD_HEADERS } from './http/load-result.js';
import { treeCpuSeconds } from './http/process-cpu.js';
import { loadWithWrk, writeWrkScript, wrkVersion } from './http/wrk.js';
import { median } from './lib/stats.js';

function env(name: string, fallback: number) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const CONNECTIONS = env('BENCH_CONNECTIONS', 50);
const DURATION_MS = env('BENCH_DURATION_MS', 5000);
const WARMUP_MS = env('BENCH_WARMUP_MS', 1000);
const ROUNDS = env('BENCH_ROUNDS', 2);
const MAX_REQUESTS = env('BENCH_MAX_REQUESTS', 2_000_000);

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'worker-bench', 'http');

type Generator = 'wrk' | 'node';
type Mode = 'bare' | 'tsx' | 'eb-bundle' | 'flask';
type Target = { name: string; mode: Mode; logLevel?: string };
type Running = { child: ChildProcess; port: number };

/** One target's numbers: per round, then medians over rounds; ratios are to the bare server's medians. */
type HttpRound = {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** The server's CPU time during the run ÷ its length: 1 is one whole core. Undefined without /proc. */
  serverCpu?: number;
};
type HttpTargetResult = {
  name: string;
  /** Which load generator measured this row. */
  generator: Generator;
  rounds: HttpRound[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** Median over rounds of the server's CPU use (1 = one whole core), when /proc could be read. */
  serverCpu?: number;
  /** Against the bare server measured by the same generator. */
  rpsRatio: number;
  p50Ratio: number;
  p99Ratio: number;
};
/** A generator's ceiling: the bare server's rate it reaches, against the adapter's (LOG_LEVEL=info). */
type GeneratorCheck = {
  generator: Generator;
  bareRps: number;
  adapterRps: number;
  /** bareRps ÷ adapterRps; below 2 the generator, not the adapter, may be what limits the rate. */
  headroom: number;
  saturated: boolean;
  /** The bare server's CPU use under this generator (1 = one core): near 1, the server set the rate. */
  bareServerCpu?: number;
};
type HttpBenchResult = {
  command: string;
  node: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
  rounds: number;
  /** The generator of the headline rows: wrk when installed. */
  generator: Generator;
  /** Where servers and generators ran (bench/http/cpu-pinning.ts). */
  pinning: string;
  wrk?: string;
  /** Every row, each with its generator; the first row of the headline generator is the bare server. */
  targets: HttpTargetResult[];
  generators: GeneratorCheck[];
  /** The Python that ran the Flask target, or why it did not run. */
  flask: { python: string } | { missing: string };
  /** The goal ratios of issue #13, from the headline generator's rows (req/s, higher is better). */
  ratios: { adapterVsBare: number; adapterVsFlask?: number };
};

/** Child mode: the bare server on a random loopback port, reporting the port over IPC. */
async function serveBare() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ port: (server.address() as AddressInfo).port });
}

// The adapter logs one line per message, as in production; it goes to /dev/null.
function serverEnv(target: Target) {
  return { PATH: process.env.PATH ?? '', LOG_LEVEL: target.logLevel ?? 'info', SERVICE_NAME: 'bench' };
}

/** This file in `--serve` mode, on the server CPU; the port comes back over IPC (taskset execs node). */
function forkChild(target: Target, pinning: CpuPinning) {
  return new Promise<Running>((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const execArgv = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const [command, args] = onServerCpu(pinning, process.execPath, [
      ...execArgv,
      self,
      '--serve',
      target.mode,
    ]);
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: serverEnv(target),
    });
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${target.name} server exited with ${code}`)));
  });
}

function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until `port` accepts connections; kills `child` and throws if it exits or takes over 10 s. */
async function waitForPort(target: Target, child: ChildProcess, port: number): Promise<Running> {
  const deadline = performance.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${target.name} did not listen on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, port };
}

/**
 * The adapter's process entry on a free port: the EB source bundle's server.mjs
 * (scripts/eb/bundle-adapter.ts) as EB runs it, `node server.mjs`, or `src/http/server.ts` under tsx as
 * `npm run start:http` runs it.
 */
async function spawnAdapter(target: Target, args: string[], pinning: CpuPinning): Promise<Running> {
  const port = await freePort();
  const [command, commandArgs] = onServerCpu(pinning, process.execPath, args);
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...serverEnv(target), HOST: '127.0.0.1', PORT: String(port) },
  });
  return waitForPort(target, child, port);
}

function percentile(sorted: Float64Array, p: number) {
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
}

/** The Node generator: `CONNECTIONS` loops, each sending one request at a time on its own keep-alive socket. */
async function loadWithNode(port: number, durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = new Float64Array(MAX_REQUESTS);
  let requests = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const headers = { ...SQSD_HEADERS, 'Content-Length': SQSD_BODY.length };
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request({ host: '127.0.0.1', port, path: '/', method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          if (requests < MAX_REQUESTS) latencies[requests] = (performance.now() - t0) * 1000;
          requests++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(SQSD_BODY);
    });
  const loop = async () => {
    while (performance.now() < deadline && requests < MAX_REQUESTS) await one();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  const sorted = latencies.slice(0, Math.min(requests, MAX_REQUESTS)).sort();
  return {
    requests,
    errors,
    elapsedMs,
    p50Ms: percentile(sorted, 50) / 1000,
    p99Ms: percentile(sorted, 99) / 1000,
  };
}

/** One load run and the server's CPU use during it. */
type Measured = { load: LoadResult; serverCpu: number | undefined };

function summariseRound({ load, serverCpu }: Measured): HttpRound {
  return {
    rps: load.requests / (load.elapsedMs / 1000),
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    requests: load.requests,
    errors: load.errors,
    serverCpu,
  };
}

/** The command that reproduces this run: every knob, explicit. */
function command(generator: Generator) {
  return (
    `BENCH_CONNECTIONS=${CONNECTIONS} BENCH_DURATION_MS=${DURATION_MS} BENCH_WARMUP_MS=${WARMUP_MS} ` +
    `BENCH_ROUNDS=${ROUNDS}${generator === 'node' ? ' BENCH_GENERATOR=node' : ''} npm run bench:http`
  );
}

const BARE: Target = { name: 'bare node:http (200)', mode: 'bare' };
const ADAPTER: Target = {
  name: 'EB adapter, server.mjs bundle (LOG_LEVEL=info)',
  mode: 'eb-bundle',
  logLevel: 'info',
};
const FLASK: Target = { name: 'Flask under gunicorn, 2 workers (bench/flask/app.py)', mode: 'flask' };

/** The (target, generator) pairs each round loads: every target with the headline generator, and the
 * bare server and the adapter with the Node generator too when wrk is the headline one. */
function plan(generator: Generator, withFlask: boolean) {
  const targets: Target[] = [
    BARE,
    ADAPTER,
    { name: 'EB adapter, server.mjs bundle (LOG_LEVEL=warn)', mode: 'eb-bundle', logLevel: 'warn' },
    { name: 'EB adapter under tsx, as npm run start:http (LOG_LEVEL=info)', mode: 'tsx', logLevel: 'info' },
  ];
  if (withFlask) targets.push(FLASK);
  const pairs = targets.map((target) => ({ target, generator }));
  if (generator === 'wrk') {
    pairs.push({ target: BARE, generator: 'node' }, { target: ADAPTER, generator: 'node' });
  }
  return { targets, pairs };
}

function rowsOf(
  pairs: ReadonlyArray<{ target: Target; generator: Generator }>,
  results: ReadonlyArray<Measured[]>,
): HttpTargetResult[] {
  const pick = (rounds: HttpRound[], key: 'rps' | 'p50Ms' | 'p99Ms') => median(rounds.map((r) => r[key]));
  const summaries = pairs.map((pair, index) => ({
    ...pair,
    rounds: (results[index] ?? []).map(summariseRound),
  }));
  return summaries.map(({ target, generator, rounds }) => {
    const bare = summaries.find((s) => s.target === BARE && s.generator === generator)?.rounds ?? [];
    return {
      name: target.name,
      generator,
      rounds,
      rps: pick(rounds, 'rps'),
      p50Ms: pick(rounds, 'p50Ms'),
      p99Ms: pick(rounds, 'p99Ms'),
      serverCpu: rounds.every((r) => r.serverCpu !== undefined)
        ? median(rounds.map((r) => r.serverCpu as number))
        : undefined,
      requests: rounds.reduce((sum, r) => sum + r.requests, 0),
      errors: rounds.reduce((sum, r) => sum + r.errors, 0),
      rpsRatio: pick(rounds, 'rps') / pick(bare, 'rps'),
      p50Ratio: pick(rounds, 'p50Ms') / pick(bare, 'p50Ms'),
      p99Ratio: pick(rounds, 'p99Ms') / pick(bare, 'p99Ms'),
    };
  });
}

function checkGenerators(rows: readonly HttpTargetResult[], headline: Generator): GeneratorCheck[] {
  const row = (name: string, generator: Generator) =>
    rows.find((candidate) => candidate.name === name && candidate.generator === generator);
  const rate = (name: string, generator: Generator) => row(name, generator)?.rps ?? Number.NaN;
  // The adapter's own rate is best measured by the headline generator; each generator must reach twice it.
  const adapterRps = rate(ADAPTER.name, headline);
  const generators: Generator[] = headline === 'wrk' ? ['wrk', 'node'] : ['node'];
  return generators.map((generator) => {
    const bareRps = rate(BARE.name, generator);
    const headroom = bareRps / adapterRps;
    const bareServerCpu = row(BARE.name, generator)?.serverCpu;
    return { generator, bareRps, adapterRps, headroom, saturated: !(headroom >= 2), bareServerCpu };
  });
}

async function start(
  target: Target,
  bundleFile: string,
  python: string | undefined,
  pinning: CpuPinning,
): Promise<Running> {
  if (target.mode === 'eb-bundle') return spawnAdapter(target, [bundleFile], pinning);
  if (target.mode === 'tsx') return spawnAdapter(target, ['--import', 'tsx', 'src/http/server.ts'], pinning);
  if (target.mode === 'flask') {
    const port = await freePort();
    const launch = (command: string, args: readonly string[]) => onServerCpu(pinning, command, args);
    return waitForPort(target, startFlask(python as string, port, ROOT, launch), port);
  }
  return forkChild(target, pinning);
}

async function main(jsonFile: string | undefined) {
  const wrk = process.env.BENCH_GENERATOR === 'node' ? undefined : wrkVersion();
  const generator: Generator = wrk === undefined ? 'node' : 'wrk';
  const flask = findFlaskPython();
  const python = 'python' in flask ? flask.python : undefined;
  const { targets, pairs } = plan(generator, python !== undefined);
  const pinning = planPinning();
  pinSelf(pinning);
  console.log(
    `node ${process.version}, generator ${wrk ?? 'node (wrk not installed: apt-get install wrk)'}, ` +
      `${CONNECTIONS} connections, ${ROUNDS} round(s) x ${DURATION_MS} ms per target and generator ` +
      `(after ${WARMUP_MS} ms warm-up each), interleaved, loopback, ${describePinning(pinning)}; ` +
      `Flask: ${python ?? ('missing' in flask ? flask.missing : '')}`,
  );
  mkdirSync(CACHE, { recursive: true });
  const bundleFile = join(CACHE, 'server.mjs');
  const script = writeWrkScript(join(CACHE, 'sqsd-post.lua'));
  // Loaded here, not at the top: the forked server children import this file too.
  const { bundleAdapter } = await import('../scripts/eb/bundle-adapter.js');
  writeFileSync(bundleFile, await bundleAdapter(join(ROOT, 'src', 'http', 'server.ts')));
  const running = new Map<Target, Running>();
  const results: Measured[][] = pairs.map(() => []);
  const load = async (
    pair: { target: Target; generator: Generator },
    durationMs: number,
  ): Promise<Measured> => {
    const { child, port } = running.get(pair.target) as Running;
    const cpuBefore = child.pid === undefined ? undefined : treeCpuSeconds(child.pid);
    const result =
      pair.generator === 'wrk'
        ? await loadWithWrk(port, { durationMs, connections: CONNECTIONS, script })
        : await loadWithNode(port, durationMs);
    const cpuAfter = child.pid === undefined ? undefined : treeCpuSeconds(child.pid);
    const serverCpu =
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : (cpuAfter - cpuBefore) / (result.elapsedMs / 1000);
    return { load: result, serverCpu };
  };
  try {
    for (const target of targets) running.set(target, await start(target, bundleFile, python, pinning));
    for (const pair of pairs) await load(pair, WARMUP_MS);
    for (let round = 0; round < ROUNDS; round++) {
      for (let step = 0; step < pairs.length; step++) {
        const index = (round + step) % pairs.length;
        results[index]?.push(await load(pairs[index] as (typeof pairs)[number], DURATION_MS));
      }
    }
  } finally {
    for (const { child } of running.values()) {
      child.removeAllListeners('exit');
      // gunicorn's workers stop with their master on SIGTERM; SIGKILL would orphan them.
      child.kill('SIGTERM');
    }
  }
  const rows = rowsOf(pairs, results);
  const generators = checkGenerators(rows, generator);
  const headline = (name: string) => rows.find((row) => row.name === name && row.generator === generator);
  const adapterRps = headline(ADAPTER.name)?.rps ?? Number.NaN;
  const flaskRps = headline(FLASK.name)?.rps;
  const range = (values: number[]) => `${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))}`;
  console.table(
    rows.map((row) => ({
      target: row.name,
      generator: row.generator,
      'req/s': Math.round(row.rps),
      'req/s range': range(row.rounds.map((r) => r.rps)),
      'p50 ms': row.p50Ms.toFixed(2),
      'p99 ms': row.p99Ms.toFixed(2),
      requests: row.requests,
      errors: row.errors,
      'req/s vs bare': row.rpsRatio.toFixed(2),
      'server CPU': row.serverCpu === undefined ? 'n/a' : `${Math.round(row.serverCpu * 100)}%`,
    })),
  );
  for (const check of generators) {
    console.log(
      `${check.generator}: bare ${Math.round(check.bareRps)} req/s = ${check.headroom.toFixed(2)}x the adapter's` +
        (check.saturated ? ' - BELOW 2x: this generator may be the limit, not the server' : '') +
        (check.bareServerCpu === undefined
          ? ''
          : `; bare server CPU ${Math.round(check.bareServerCpu * 100)}%`),
    );
  }
  const result: HttpBenchResult = {
    command: command(generator),
    node: process.version,
    connections: CONNECTIONS,
    durationMs: DURATION_MS,
    warmupMs: WARMUP_MS,
    rounds: ROUNDS,
    generator,
    pinning: describePinning(pinning),
    wrk,
    targets: rows,
    generators,
    flask,
    ratios: {
      adapterVsBare: headline(ADAPTER.name)?.rpsRatio ?? Number.NaN,
      adapterVsFlask: flaskRps === undefined ? undefined : adapterRps / flaskRps,
    },
  };
  console.log(
    `adapter (LOG_LEVEL=info) ÷ bare: ${result.ratios.adapterVsBare.toFixed(2)}x; ÷ Flask: ${
      result.ratios.adapterVsFlask?.toFixed(2) ?? 'n/a'
    }x (medians over rounds, ${generator}); command: ${result.command}`,
  );
  if (jsonFile !== undefined) writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  if (rows.some((row) => row.errors > 0)) process.exitCode = 1;
}

const { values } = parseArgs({ options: { serve: { type: 'string' }, json: { type: 'string' } } });
if (values.serve === 'bare') await serveBare();
else await main(values.json);

export type { GeneratorCheck, HttpBenchResult, HttpRound, HttpTargetResult };
