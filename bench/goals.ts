import type { ChartBar } from './lib/ratio-chart.js';
import { formatMb, formatMs, formatRatio, median } from './lib/stats.js';
import type { BenchResults } from './report.js';

/**
 * The performance goals of issue #13, read from one run's results, and the peer ratios drawn in the
 * chart. The HTTP and local rows read whatever bench:http and bench:local put in the results; a number
 * they did not measure shows as "not measured", never as met.
 */

const PER_BATCH_VS_POWERTOOLS = 1.0;
const PER_BATCH_VS_MIDDY_STRETCH = 1.5;
const LARGE_HEAP_BUDGET = 15 * 1024 * 1024;
const HTTP_VS_BARE = 0.8;
const HTTP_VS_FLASK = 3;
const LOCAL_VS_PLAIN = 0.8;

type GoalRow = { goal: string; measured: string; ok: boolean | undefined };

function overheadRow(results: BenchResults, prefix: string) {
  return results.overhead.rows.find((row) => row.name.startsWith(prefix));
}

/** ours ÷ peer per round (both measured in the same round), then the median over rounds. */
function perBatchRatio(results: BenchResults, peerPrefix: string): number {
  const ours = overheadRow(results, 'ours: middy');
  const peer = overheadRow(results, peerPrefix);
  if (!ours || !peer) return Number.NaN;
  return median(ours.medians.map((value, round) => value / (peer.medians[round] ?? Number.NaN)));
}

function largeRows(results: BenchResults) {
  return {
    ours: results.large.find((row) => row.configuredConcurrency === 10),
    powertools: results.large.find((row) => row.label.startsWith('Powertools')),
    middy: results.large.find((row) => row.label.startsWith('middy')),
  };
}

/** The HTTP targets bench:http reported, by what they are (names are bench:http's own). */
function httpTargets(results: BenchResults) {
  // bench:http also loads two targets with the Node generator to show its ceiling; the goals read the
  // headline generator's rows (wrk when installed).
  const targets = (results.http?.targets ?? []).filter(
    (target) => target.generator === results.http?.generator,
  );
  return {
    bare: targets.find((target) => /bare/i.test(target.name)),
    info: targets.find((target) => /server\.mjs/.test(target.name) && /LOG_LEVEL=info/.test(target.name)),
    flask: targets.find((target) => /flask/i.test(target.name)),
  };
}

/** True when the headline generator could not drive the bare server to 2× the adapter's rate. */
function generatorLimited(results: BenchResults): boolean {
  const http = results.http;
  return (http?.generators ?? []).some((check) => check.generator === http?.generator && check.saturated);
}

function coldRatio(results: BenchResults, peer: string): number {
  const by = (name: string) => results.coldStart.variants.find((variant) => variant.name === name);
  return (by('worker')?.importOnly.wallMs ?? Number.NaN) / (by(peer)?.importOnly.wallMs ?? Number.NaN);
}

function rps(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : Math.round(value).toLocaleString('en-US');
}

/** A verdict only for a number that was measured. */
function check(value: number, ok: (value: number) => boolean): boolean | undefined {
  return Number.isFinite(value) ? ok(value) : undefined;
}

function issue13Goals(results: BenchResults): GoalRow[] {
  const vsPowertools = perBatchRatio(results, 'Powertools');
  const vsMiddy = perBatchRatio(results, 'middy');
  const large = largeRows(results);
  const largeTime = (large.ours?.elapsedMs ?? Number.NaN) / (large.powertools?.elapsedMs ?? Number.NaN);
  const heap = large.ours?.peakHeapDelta ?? Number.NaN;
  const http = httpTargets(results);
  const vsBare = (http.info?.rps ?? Number.NaN) / (http.bare?.rps ?? Number.NaN);
  const vsFlask = (http.info?.rps ?? Number.NaN) / (http.flask?.rps ?? Number.NaN);
  const local = results.local?.ratio ?? Number.NaN;
  const sls = results.coldStart.serverlessPackage;
  return [
    {
      goal: `#13.1 HTTP adapter (server.mjs, LOG_LEVEL=info) ≥ ${HTTP_VS_BARE}× bare node:http req/s`,
      measured:
        `${formatRatio(vsBare)} (${rps(http.info?.rps)} vs ${rps(http.bare?.rps)} req/s, ${results.http?.generator ?? 'no'} generator)` +
        (generatorLimited(results)
          ? '; the generator could not drive the bare server to 2× the adapter (see §5)'
          : ''),
      ok: check(vsBare, (value) => value >= HTTP_VS_BARE),
    },
    {
      goal: `#13.1 HTTP adapter ≥ ${HTTP_VS_FLASK}× the Flask app under gunicorn`,
      measured: http.flask
        ? `${formatRatio(vsFlask)} (${rps(http.info?.rps)} vs ${rps(http.flask.rps)} req/s)`
        : 'not measured (no Flask target in this run)',
      ok: check(vsFlask, (value) => value >= HTTP_VS_FLASK),
    },
    {
      goal: `#13.2 CPU per 10-record batch ≤ ${PER_BATCH_VS_POWERTOOLS}× Powertools BatchProcessor`,
      measured: `${formatRatio(vsPowertools)} (${formatMs(overheadRow(results, 'ours: middy')?.median ?? Number.NaN)} vs ${formatMs(overheadRow(results, 'Powertools')?.median ?? Number.NaN)}; median of per-round ratios)`,
      ok: check(vsPowertools, (value) => value <= PER_BATCH_VS_POWERTOOLS),
    },
    {
      goal: `#13.2 stretch: ≤ ${PER_BATCH_VS_MIDDY_STRETCH}× middy + Promise.allSettled`,
      measured: `${formatRatio(vsMiddy)} (${formatMs(overheadRow(results, 'middy')?.median ?? Number.NaN)} for middy)`,
      ok: check(vsMiddy, (value) => value <= PER_BATCH_VS_MIDDY_STRETCH),
    },
    {
      goal: '#13.3 10,000 records: no slower than Powertools (parallel), concurrency bounded',
      measured: `${formatRatio(largeTime)} (${formatMs(large.ours?.elapsedMs ?? Number.NaN)} vs ${formatMs(large.powertools?.elapsedMs ?? Number.NaN)}), max in flight ${large.ours?.maxInFlight ?? 'n/a'}/${large.ours?.configuredConcurrency ?? 'n/a'}`,
      ok: check(
        largeTime,
        (value) => value <= 1 && large.ours?.maxInFlight === large.ours?.configuredConcurrency,
      ),
    },
    {
      goal: `#13.3 10,000 records: heap growth ≤ ${formatMb(LARGE_HEAP_BUDGET)}`,
      measured: `${formatMb(heap)} (Powertools ${formatMb(large.powertools?.peakHeapDelta ?? Number.NaN)})`,
      ok: check(heap, (value) => value <= LARGE_HEAP_BUDGET),
    },
    {
      goal: `#13.4 local tier ≥ ${LOCAL_VS_PLAIN}× the plain SDK loop (median of ${results.local?.rounds ?? 'n/a'} rounds)`,
      measured: `${formatRatio(local)} (${rps(results.local?.tier.median)} vs ${rps(results.local?.plain.median)} msg/s)`,
      ok: check(local, (value) => value >= LOCAL_VS_PLAIN),
    },
    {
      goal: '#13 every benchmark step ran (the real `serverless package` included)',
      measured:
        sls === undefined
          ? 'serverless package skipped (BENCH_SLS=0)'
          : sls.ok
            ? 'all ran'
            : 'serverless package failed (§4)',
      ok: sls === undefined ? undefined : sls.ok,
    },
  ];
}

/** The chart's bars: one per measurement against each peer, as ours' advantage. */
function peerBars(results: BenchResults): ChartBar[] {
  const large = largeRows(results);
  const http = httpTargets(results);
  const fifo = results.ioBound.scenarios.find((scenario) => scenario.name.includes('10 groups'));
  const fifoOurs = fifo?.variants.find((variant) => variant.name.startsWith('ours'));
  const inverse = (value: number) => 1 / value;
  return [
    {
      peer: 'Powertools',
      label: 'CPU per 10-record batch',
      advantage: inverse(perBatchRatio(results, 'Powertools')),
      goal: 1 / PER_BATCH_VS_POWERTOOLS,
    },
    {
      peer: 'Powertools',
      label: '10,000-record batch, time',
      advantage: (large.powertools?.elapsedMs ?? Number.NaN) / (large.ours?.elapsedMs ?? Number.NaN),
      goal: 1,
    },
    {
      peer: 'Powertools',
      label: '10,000-record batch, heap growth',
      advantage: (large.powertools?.peakHeapDelta ?? Number.NaN) / (large.ours?.peakHeapDelta ?? Number.NaN),
    },
    {
      peer: 'Powertools',
      label: 'FIFO batch, 10 groups × 20 ms',
      advantage: fifoOurs?.ratioToBaseline ?? Number.NaN,
      goal: 5,
    },
    {
      peer: 'Powertools',
      label: 'cold start, wall (import only)',
      advantage: inverse(coldRatio(results, 'powertools')),
      goal: 1,
    },
    {
      peer: 'middy + Promise.allSettled',
      label: 'CPU per 10-record batch',
      advantage: inverse(perBatchRatio(results, 'middy')),
      goal: 1 / PER_BATCH_VS_MIDDY_STRETCH,
    },
    {
      peer: 'middy + Promise.allSettled',
      label: '10,000-record batch, time',
      advantage: (large.middy?.elapsedMs ?? Number.NaN) / (large.ours?.elapsedMs ?? Number.NaN),
    },
    {
      peer: 'middy + Promise.allSettled',
      label: '10,000-record batch, heap growth',
      advantage: (large.middy?.peakHeapDelta ?? Number.NaN) / (large.ours?.peakHeapDelta ?? Number.NaN),
    },
    {
      peer: 'empty handler',
      label: 'cold start, wall (import only)',
      advantage: inverse(coldRatio(results, 'empty')),
      goal: 1 / 1.15,
    },
    {
      peer: 'bare node:http',
      label: 'HTTP req/s (server.mjs, LOG_LEVEL=info)',
      advantage: (http.info?.rps ?? Number.NaN) / (http.bare?.rps ?? Number.NaN),
      goal: HTTP_VS_BARE,
    },
    {
      peer: 'Flask + gunicorn',
      label: 'HTTP req/s (server.mjs, LOG_LEVEL=info)',
      advantage: (http.info?.rps ?? Number.NaN) / (http.flask?.rps ?? Number.NaN),
      goal: HTTP_VS_FLASK,
    },
    {
      peer: 'plain SDK receive/delete loop',
      label: 'local tier msg/s',
      advantage: results.local?.ratio ?? Number.NaN,
      goal: LOCAL_VS_PLAIN,
    },
  ];
}

export type { GoalRow };
export { issue13Goals, peerBars, perBatchRatio };
