import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { type ColdStartReport, runColdStart } from './cold-start.js';
import { peerBars } from './goals.js';
import type { HttpBenchResult } from './http-adapter.js';
import { BENCH_BUILD, bundle } from './lib/build.js';
import { cleanEnv, runNode } from './lib/child.js';
import { cacheDir, ROOT } from './lib/paths.js';
import { ratioChart } from './lib/ratio-chart.js';
import { median } from './lib/stats.js';
import type { LocalBenchResult } from './local-throughput.js';
import { type BenchResults, CHART_PATH, type LargeBatchRow, renderReport } from './report.js';
import type { OverheadResult } from './suites/overhead.js';

/**
 * `npm run bench`: builds the bench programs, runs each in fresh processes, then runs `npm run bench:http`
 * and `npm run bench:local` as child processes (each with `--json <file>`), writes BENCHMARKS.md and the
 * raw numbers to node_modules/.cache/worker-bench/results.json. Knobs (env): BENCH_ROUNDS (overhead
 * rounds, 7), BENCH_BREAKDOWN_ROUNDS (5), BENCH_IO_ITERATIONS (15), BENCH_LARGE_REPEATS (5),
 * BENCH_COLD_RUNS (40), BENCH_SLS=0 skips the real `serverless package`, BENCH_HTTP_ROUNDS (3),
 * BENCH_HTTP_DURATION_MS (3000), BENCH_LOCAL_MESSAGES (10000), BENCH_LOCAL_ROUNDS (5). About 3 minutes
 * on 2 cores with the defaults.
 */

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const git = (...args: string[]): string => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const buildSuites = async () => {
  const dir = cacheDir('suites');
  // The bundles read the AWS sample events through test/helpers/fixtures.ts, relative to their own URL
  // (../fixtures/aws/ from the suites directory): give them a copy there.
  cpSync(join(ROOT, 'test', 'fixtures', 'aws'), join(cacheDir('fixtures'), 'aws'), { recursive: true });
  const files: Record<string, string> = {};
  for (const name of ['overhead', 'io-bound', 'large-batch']) {
    files[name] = join(dir, `${name}.mjs`);
    await bundle(join(ROOT, 'bench', 'suites', `${name}.ts`), files[name] as string, BENCH_BUILD);
  }
  return files as Record<'overhead' | 'io-bound' | 'large-batch', string>;
};

/**
 * Runs `npm run <script> -- <args> --json <file>` in a fresh process with a minimal environment (its
 * output goes to this process's stderr, as progress) and returns the JSON it wrote.
 */
const runScript = <T>(script: string, args: string[], env: Record<string, string> = {}): T => {
  const file = join(cacheDir(), `${script.replace(/\W+/g, '-')}.json`);
  rmSync(file, { force: true });
  const child = spawnSync('npm', ['run', script, '--', ...args, '--json', file], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 2, 2],
    timeout: 600_000,
  });
  if (child.status !== 0) throw new Error(`npm run ${script} exited ${child.status ?? child.signal}`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
};

/** Each large-batch variant in its own process, repeated, variants interleaved. */
const largeBatch = (file: string, repeats: number): LargeBatchRow[] => {
  const variants: Array<{ label: string; variant: string; env: Record<string, string> }> = [
    { label: 'ours (WORKER_CONCURRENCY unset → 10)', variant: 'ours', env: {} },
    {
      label: 'ours (WORKER_CONCURRENCY=25, as serverless.yml)',
      variant: 'ours',
      env: { WORKER_CONCURRENCY: '25' },
    },
    { label: 'ours (WORKER_CONCURRENCY=100)', variant: 'ours', env: { WORKER_CONCURRENCY: '100' } },
    { label: 'middy + Promise.allSettled (unbounded)', variant: 'middy-allsettled', env: {} },
    { label: 'Powertools BatchProcessor (parallel, unbounded)', variant: 'powertools', env: {} },
  ];
  const runs = new Map<string, LargeBatchRow['runs']>(variants.map((v) => [v.label, []]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const variant of variants) {
      const { result } = runNode<LargeBatchRow['runs'][number]>(['--expose-gc', file, variant.variant], {
        env: variant.env,
      });
      runs.get(variant.label)?.push(result);
    }
  }
  return variants.map(({ label }) => {
    const list = runs.get(label) ?? [];
    const pick = (key: 'elapsedMs' | 'peakHeapDelta' | 'peakHeapUsed' | 'peakRss') =>
      median(list.map((run) => run[key]));
    return {
      label,
      runs: list,
      elapsedMs: pick('elapsedMs'),
      peakHeapDelta: pick('peakHeapDelta'),
      peakHeapUsed: pick('peakHeapUsed'),
      peakRss: pick('peakRss'),
      maxInFlight: Math.max(...list.map((run) => run.maxInFlight)),
      configuredConcurrency: list[0]?.configuredConcurrency,
      failures: Math.max(...list.map((run) => run.failures)),
    };
  });
};

const main = async () => {
  const started = Date.now();
  const loadAtStart = loadavg();
  log('bundling bench programs');
  const files = await buildSuites();
  log('per-batch overhead');
  const overhead = runNode<OverheadResult>([files.overhead], {
    env: {
      BENCH_ROUNDS: String(env('BENCH_ROUNDS', 7)),
      BENCH_BREAKDOWN_ROUNDS: String(env('BENCH_BREAKDOWN_ROUNDS', 5)),
    },
  }).result;
  log('I/O-bound batches');
  const ioBound = runNode<BenchResults['ioBound']>([files['io-bound']], {
    env: { BENCH_IO_ITERATIONS: String(env('BENCH_IO_ITERATIONS', 15)) },
  }).result;
  log('10,000-record batches');
  const large = largeBatch(files['large-batch'], env('BENCH_LARGE_REPEATS', 5));
  log('cold start (bundles, sizes, fresh processes)');
  const coldStart: ColdStartReport = await runColdStart({ runs: env('BENCH_COLD_RUNS', 40) });
  log('HTTP adapter vs bare node:http (npm run bench:http)');
  const http = runScript<HttpBenchResult>('bench:http', [], {
    BENCH_ROUNDS: String(env('BENCH_HTTP_ROUNDS', 3)),
    BENCH_DURATION_MS: String(env('BENCH_HTTP_DURATION_MS', 3000)),
  });
  log('local tier vs plain SDK loop (npm run bench:local)');
  const local = runScript<LocalBenchResult>('bench:local', [
    '--messages',
    String(env('BENCH_LOCAL_MESSAGES', 10_000)),
    '--rounds',
    String(env('BENCH_LOCAL_ROUNDS', 5)),
  ]);
  const cpu = cpus()[0]?.model ?? 'unknown';
  const dirty = ['src', 'bench'].filter((dir) => git('status', '--porcelain', dir) !== '');
  const results: BenchResults = {
    machine: {
      nproc: availableParallelism(),
      cpu,
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      date: new Date().toISOString(),
      commit: `${git('rev-parse', '--short', 'HEAD')}${
        dirty.length > 0
          ? ` (plus uncommitted changes under ${dirty.map((dir) => `${dir}/`).join(' and ')})`
          : ''
      }`,
      durationS: 0,
      loadAtStart,
      loadAtEnd: loadavg(),
    },
    overhead,
    ioBound,
    large,
    coldStart,
    http,
    local,
  };
  results.machine.durationS = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(cacheDir(), 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderReport(results));
  const chart = join(ROOT, CHART_PATH);
  mkdirSync(dirname(chart), { recursive: true });
  writeFileSync(
    chart,
    ratioChart(
      peerBars(results),
      `worker-tier vs its peers (npm run bench, ${results.machine.date.slice(0, 10)})`,
    ),
  );
  log(`done in ${results.machine.durationS} s: BENCHMARKS.md, ${join(cacheDir(), 'results.json')}`);
};

await main();
