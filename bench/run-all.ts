import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { type ColdStartReport, runColdStart } from './cold-start.js';
import { BENCH_BUILD, bundle } from './lib/build.js';
import { runNode } from './lib/child.js';
import { cacheDir, ROOT } from './lib/paths.js';
import { median } from './lib/stats.js';
import { type BenchResults, type LargeBatchRow, renderReport } from './report.js';
import type { OverheadResult } from './suites/overhead.js';

/**
 * `npm run bench`: builds the bench programs, runs each in fresh processes, writes BENCHMARKS.md and the
 * raw numbers to node_modules/.cache/worker-bench/results.json. Knobs (env): BENCH_ROUNDS (overhead
 * rounds, 3), BENCH_IO_ITERATIONS (15), BENCH_LARGE_REPEATS (2), BENCH_COLD_RUNS (40), BENCH_SLS=0 skips
 * the real `serverless package`.
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
  const files: Record<string, string> = {};
  for (const name of ['overhead', 'io-bound', 'large-batch']) {
    files[name] = join(dir, `${name}.mjs`);
    await bundle(join(ROOT, 'bench', 'suites', `${name}.ts`), files[name] as string, BENCH_BUILD);
  }
  return files as Record<'overhead' | 'io-bound' | 'large-batch', string>;
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
  log('bundling bench programs');
  const files = await buildSuites();
  log('per-batch overhead');
  const overhead = runNode<OverheadResult>([files.overhead], {
    env: { BENCH_ROUNDS: String(env('BENCH_ROUNDS', 3)) },
  }).result;
  log('I/O-bound batches');
  const ioBound = runNode<BenchResults['ioBound']>([files['io-bound']], {
    env: { BENCH_IO_ITERATIONS: String(env('BENCH_IO_ITERATIONS', 15)) },
  }).result;
  log('10,000-record batches');
  const large = largeBatch(files['large-batch'], env('BENCH_LARGE_REPEATS', 2));
  log('cold start (bundles, sizes, fresh processes)');
  const coldStart: ColdStartReport = await runColdStart({ runs: env('BENCH_COLD_RUNS', 40) });
  const cpu = cpus()[0]?.model ?? 'unknown';
  const results: BenchResults = {
    machine: {
      nproc: availableParallelism(),
      cpu,
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      date: new Date().toISOString(),
      commit: `${git('rev-parse', '--short', 'HEAD')}${
        git('status', '--porcelain', 'src') ? ' (plus uncommitted changes under src/)' : ''
      }`,
      durationS: 0,
    },
    overhead,
    ioBound,
    large,
    coldStart,
  };
  results.machine.durationS = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(cacheDir(), 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderReport(results));
  log(`done in ${results.machine.durationS} s: BENCHMARKS.md, ${join(cacheDir(), 'results.json')}`);
};

await main();
