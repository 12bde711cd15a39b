import type { ColdStartReport } from './cold-start.js';
import { issue13Goals, perBatchRatio } from './goals.js';
import type { GeneratorCheck, HttpBenchResult } from './http-adapter.js';
import type { BreakdownId } from './lib/breakdown.js';
import { formatBytes, formatMb, formatMs, formatRatio, median } from './lib/stats.js';
import type { LocalBenchResult } from './local-throughput.js';
import type { IoBoundResult } from './suites/io-bound.js';
import type { LargeBatchRun } from './suites/large-batch.js';
import type { OverheadResult } from './suites/overhead.js';

/** Renders BENCHMARKS.md from one `npm run bench` run, goals included, so the file never drifts from the numbers. */

type LargeBatchRow = {
  label: string;
  runs: LargeBatchRun[];
  elapsedMs: number;
  peakHeapDelta: number;
  peakHeapUsed: number;
  peakRss: number;
  maxInFlight: number;
  configuredConcurrency?: number;
  failures: number;
};

type BenchResults = {
  machine: {
    nproc: number;
    cpu: string;
    memoryGb: number;
    node: string;
    platform: string;
    date: string;
    commit: string;
    durationS: number;
    /** os.loadavg() (1, 5, 15 min) when the run started and when it ended. */
    loadAtStart: number[];
    loadAtEnd: number[];
  };
  overhead: OverheadResult;
  ioBound: IoBoundResult;
  large: LargeBatchRow[];
  coldStart: ColdStartReport;
  http: HttpBenchResult;
  local: LocalBenchResult;
};

const ZIP_BUDGET = 30 * 1024;
const COLD_RATIO_BUDGET = 1.15;
const FIFO_SPEEDUP_GOAL = 5;
/** Issue #11: the persistent local tier against the in-memory one (tier vs plain loop is #13's, in goals.ts). */
const PERSISTENT_RATIO_GOAL = 0.8;

/** A Markdown table; the first `leftColumns` columns are left-aligned (text), the rest right-aligned (numbers). */
const table = (header: string[], rows: string[][], leftColumns = 1): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (index < leftColumns ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

const verdict = (ok: boolean) => (ok ? '**met**' : '**MISSED**');

const signed = (ms: number): string => (ms < 0 ? `−${formatMs(-ms)}` : `+${formatMs(ms)}`);

const breakdownOf = (overhead: OverheadResult) => {
  const rounds = (id: BreakdownId) => overhead.breakdown.find((row) => row.id === id)?.p50s ?? [];
  const p50 = (id: BreakdownId) => overhead.breakdown.find((row) => row.id === id)?.p50 ?? Number.NaN;
  /** Per round (same machine state), then the median: drift between rounds would swamp a µs difference. */
  const combine = (ids: BreakdownId[], signs: number[]) => {
    const perRound = rounds(ids[0] as BreakdownId).map((_, round) =>
      ids.reduce((sum, id, index) => sum + (signs[index] ?? 1) * (rounds(id)[round] ?? Number.NaN), 0),
    );
    return { value: median(perRound), perRound };
  };
  const pieces = overhead.breakdown.filter((row) => row.kind === 'piece');
  return {
    p50,
    largest: [...pieces].sort((a, b) => b.p50 - a.p50).slice(0, 3),
    // processDelivery already contains unwrap and log.child; the batch runs deliveryFromSqsRecord, the
    // scheduler, processDelivery and the metrics once each.
    inBatch: combine(['records', 'schedule', 'process', 'metrics'], [1, 1, 1, 1]),
    timer: combine(['batch+context', 'batch'], [1, -1]),
    listener: combine(['batch+signal', 'batch+context'], [1, -1]),
    deadline: combine(['batch+signal', 'batch'], [1, -1]),
    middy: combine(['handler', 'batch+signal'], [1, -1]),
  };
};

const perRound = (difference: { value: number; perRound: number[] }): string =>
  `${signed(difference.value)} (per round ${difference.perRound.map(signed).join(', ')})`;

/** The sentences under the breakdown table, from its numbers. */
const breakdownReading = (overhead: OverheadResult): string => {
  const b = breakdownOf(overhead);
  return [
    `The deadline is private to \`src/handlers/worker-batch.ts\` (abort signals built only when a task or a ` +
      'call reads them, one timer from the Lambda context, one shared listener per middy signal), so it is measured by difference within ' +
      `each round (median of the per-round differences): the timer ${perRound(b.timer)}, the listener ` +
      `${perRound(b.listener)}; the middy chain around the processor ${perRound(b.middy)}. Differences of a ` +
      'few µs between these rows are at the noise level of this machine. deliveryFromSqsRecord, the scheduler, ' +
      `processDelivery and the metrics sum to ${formatMs(b.inBatch.value)} of the ${formatMs(b.p50('batch'))} ` +
      'batch; the rest is what createBatchProcessor does around them (a deps object and a verdict per record, ' +
      'the settled-results pass, running 10 records as concurrent promises), not measured alone.',
  ].join('\n');
};

const overheadSection = ({ overhead }: BenchResults): string => {
  const rows = overhead.rows.map((row) => [
    row.name,
    formatMs(row.median),
    formatRatio(row.ratio),
    row.medians.map(formatMs).join(', '),
    row.ratios.map(formatRatio).join(', '),
  ]);
  return [
    '## 1. Per-batch overhead (10 records, no-op task)',
    '',
    `tinybench, ${overhead.rounds} round(s) of ~${formatMs(overhead.timeMs ?? 1000)} per variant in one process (order rotated each round). ` +
      'Every variant parses the JSON body and awaits the same no-op. Ratio = variant p50 ÷ the hand-written ' +
      "loop's p50 in the same round; the table shows the median over rounds.",
    '',
    table(['variant', 'p50 per batch', `× ${overhead.baseline}`, 'p50 per round', 'ratio per round'], rows),
    '',
    `Where our time goes (the same 10-record batch; each row calls the real code in src/, measured alone; ` +
      `median over ${overhead.breakdown[0]?.p50s.length ?? 0} round(s) of each round's p50, order rotated each round):`,
    '',
    table(
      ['piece', 'p50', 'p50 per round'],
      overhead.breakdown.map((row) => [row.name, formatMs(row.p50), row.p50s.map(formatMs).join(', ')]),
    ),
    '',
    breakdownReading(overhead),
  ].join('\n');
};

const ioSection = ({ ioBound }: BenchResults): string => {
  const blocks = ioBound.scenarios.map((scenario) =>
    [
      `### ${scenario.name}`,
      '',
      table(
        ['variant', 'median', `speed-up vs ${scenario.baseline}`, 'max in flight', 'runs (ms)'],
        scenario.variants.map((variant) => [
          variant.name,
          formatMs(variant.medianMs),
          formatRatio(variant.ratioToBaseline),
          String(variant.maxInFlight),
          variant.runsMs.map((ms) => ms.toFixed(0)).join(' '),
        ]),
      ),
      '',
      scenario.orderChecked
        ? 'Order verified on every run: within each group, messages started in sequence and never overlapped.'
        : 'Every run checked: all 10 records processed once, no failures reported.',
    ].join('\n'),
  );
  const failure = ioBound.fifoFailure;
  return [
    `## 2. I/O-bound batches (10 records, each awaiting ${ioBound.sleepMs} ms)`,
    '',
    `${ioBound.iterations} measured runs per variant after 2 warm-up runs, variants interleaved. ` +
      'Speed-up = baseline median ÷ variant median (higher is faster).',
    '',
    blocks.join('\n\n'),
    '',
    `FIFO failure check (ours; 3 groups, message 3 of group g0 fails): ${
      failure.ok
        ? `passed — exactly the failed message and the ${failure.reported - 1} later messages of its group were reported, those later ones never started, and the other groups completed in order.`
        : `FAILED: ${failure.problems.join('; ')}`
    }`,
  ].join('\n');
};

const largeSection = ({ large }: BenchResults): string => {
  const first = large[0]?.runs[0];
  return [
    `## 3. Large batch (${first?.records ?? 10_000} records)`,
    '',
    'Each variant in its own fresh `node --expose-gc` process (bundled like the Lambda), ' +
      `${large[0]?.runs.length ?? 0} run(s) each, interleaved; medians shown. The task yields once (setImmediate), so ` +
      '“max in flight” is the real concurrency. Heap is sampled inside the task and every 1 ms; ' +
      '“heap growth” = peak `heapUsed` − `heapUsed` after building the event and a full GC.',
    '',
    table(
      [
        'variant',
        'time',
        'max in flight',
        'bound',
        'peak heap growth',
        'peak heapUsed',
        'peak RSS',
        'failures',
      ],
      large.map((row) => [
        row.label,
        formatMs(row.elapsedMs),
        String(row.maxInFlight),
        row.configuredConcurrency === undefined
          ? 'none'
          : `${row.configuredConcurrency} ${row.maxInFlight === row.configuredConcurrency ? '✓' : '✗'}`,
        formatMb(row.peakHeapDelta),
        formatMb(row.peakHeapUsed),
        formatMb(row.peakRss),
        String(row.failures),
      ]),
    ),
  ].join('\n');
};

const coldSection = ({ coldStart }: BenchResults): string => {
  const empty = coldStart.variants.find((variant) => variant.name === 'empty');
  const rows = coldStart.variants.map((variant) => [
    variant.label,
    formatBytes(variant.minifiedBytes),
    formatBytes(variant.zippedBytes),
    formatMs(variant.importOnly.wallMs),
    formatRatio(variant.importOnly.wallMs / (empty?.importOnly.wallMs ?? Number.NaN)),
    formatMs(variant.importOnly.importMs),
    formatMs(variant.withInvoke.wallMs),
    formatMs(variant.withInvoke.invokeMs),
  ]);
  const lazy = coldStart.sqsLazy;
  const sls = coldStart.serverlessPackage;
  const top = coldStart.workerInputs
    .slice(0, 6)
    .map((input) => `\`${input.path}\` ${input.bytes} B`)
    .join(', ');
  return [
    '## 4. Cold start',
    '',
    'Bundled with esbuild as serverless-esbuild does for `serverless.yml` (bundle, ESM, minify, target node22, ' +
      'platform node, tree shaking, `@aws-sdk/*` external). Zipped = one-file deflate zip (yazl). Each probe is a ' +
      `fresh \`node bench/cold/runner.mjs <bundle>\`: ${coldStart.variants[0]?.runs ?? 0} runs per variant and mode, ` +
      'variants interleaved and rotated. “Wall” = spawn to exit (Node boot + import + exit); “import” = the ' +
      '`await import()` alone, timed inside the process; “+ invoke” runs adds one 10-record `test` batch.',
    '',
    table(
      [
        'handler',
        'minified',
        'zipped',
        'wall, import only',
        '× empty',
        'import (in-process)',
        'wall, import + 1st invoke',
        '1st invoke',
      ],
      rows,
    ),
    '',
    `Largest inputs of our bundle: ${top}.`,
    '',
    sls === undefined
      ? 'Real `serverless package`: skipped (no serverless.yml or BENCH_SLS=0).'
      : sls.ok
        ? `Real \`npx serverless package --stage dev\` (scratch copy of the service): \`.serverless/worker.zip\` = ${formatBytes(sls.workerZipBytes)}, containing ${sls.entries.map((entry) => `\`${entry}\``).join(', ')}.`
        : `Real \`serverless package\` failed: \`${sls.error.replace(/\s+/g, ' ').slice(0, 300)}\``,
    '',
    '### The SQS SDK is not evaluated at init',
    '',
    `- Bundle text: ${lazy.staticSdkImports} static \`import … from "@aws-sdk/…"\`, ${lazy.dynamicSqsImports} dynamic ` +
      `\`import("@aws-sdk/client-sqs")\`; ${lazy.sdkInputsBundled} \`@aws-sdk\` files bundled (metafile). ` +
      `\`SQSClient\` appears only as a property of the lazily imported module: ${lazy.sqsClientMentions.map((m) => `\`${m}\``).join(', ') || 'nowhere'}.`,
    `- Run time (resolve hook \`bench/cold/record-loads.mjs\`): import + a 10-record happy batch resolved ${
      lazy.loadedAtImportAndHappyInvoke.length === 0
        ? 'no `@aws-sdk` module'
        : `\`${lazy.loadedAtImportAndHappyInvoke.join('`, `')}\``
    }; positive control (malformed message, DLQ configured) resolved ${
      lazy.loadedWhenDeadLettering.map((entry) => `\`${entry}\``).join(', ') || 'nothing (hook broken?)'
    } and answered \`${lazy.deadLetterResponse}\` (the DLQ endpoint is a closed local port, so the message is left for redrive).`,
  ].join('\n');
};

const goalsSection = (results: BenchResults): string => {
  const { ioBound, large, coldStart, local } = results;
  const fifo10 = ioBound.scenarios.find((scenario) => scenario.name.includes('10 groups'));
  const oursFifo = fifo10?.variants.find((variant) => variant.name.startsWith('ours'));
  const speedup = oursFifo?.ratioToBaseline ?? Number.NaN;
  const bounded = large.filter((row) => row.configuredConcurrency !== undefined);
  const boundedOk =
    bounded.length > 0 && bounded.every((row) => row.maxInFlight === row.configuredConcurrency);
  const by = (name: string) => coldStart.variants.find((variant) => variant.name === name);
  const worker = by('worker');
  const empty = by('empty');
  const powertools = by('powertools');
  const zipped = worker?.zippedBytes ?? Number.NaN;
  const slsZip = coldStart.serverlessPackage?.ok ? coldStart.serverlessPackage.workerZipBytes : undefined;
  const vsEmpty = (worker?.importOnly.wallMs ?? Number.NaN) / (empty?.importOnly.wallMs ?? Number.NaN);
  const vsPowertools =
    (worker?.importOnly.wallMs ?? Number.NaN) / (powertools?.importOnly.wallMs ?? Number.NaN);
  const lazy = coldStart.sqsLazy;
  const lazyOk =
    lazy.staticSdkImports === 0 &&
    lazy.loadedAtImportAndHappyInvoke.length === 0 &&
    lazy.loadedWhenDeadLettering.length > 0;
  const rows = [
    [
      `FIFO, 10 groups: ours ≥ ${FIFO_SPEEDUP_GOAL}× faster than SqsFifoPartialProcessorAsync`,
      `${formatRatio(speedup)} (${formatMs(oursFifo?.medianMs ?? Number.NaN)} vs ${formatMs(
        fifo10?.variants.find((variant) => variant.name === fifo10.baseline)?.medianMs ?? Number.NaN,
      )})`,
      verdict(speedup >= FIFO_SPEEDUP_GOAL),
    ],
    [
      'FIFO order kept within each group (every run checked; failure stops its group only)',
      ioBound.fifoFailure.ok
        ? 'all runs in order; failure check passed'
        : ioBound.fifoFailure.problems.join('; '),
      verdict(ioBound.fifoFailure.ok),
    ],
    [
      '10,000 records: max in flight = configured bound',
      bounded.map((row) => `${row.maxInFlight}/${row.configuredConcurrency}`).join(', '),
      verdict(boundedOk),
    ],
    [
      'Init ≤ 30 KB zipped',
      `${formatBytes(zipped)}${slsZip === undefined ? '' : `; real worker.zip ${formatBytes(slsZip)}`}`,
      verdict(zipped <= ZIP_BUDGET && (slsZip === undefined || slsZip <= ZIP_BUDGET)),
    ],
    [
      `Cold start ≤ ${COLD_RATIO_BUDGET}× the empty handler (wall, import only)`,
      `${formatRatio(vsEmpty)} (${formatMs(worker?.importOnly.wallMs ?? Number.NaN)} vs ${formatMs(
        empty?.importOnly.wallMs ?? Number.NaN,
      )})`,
      verdict(vsEmpty <= COLD_RATIO_BUDGET),
    ],
    [
      'Cold start no slower than Powertools (wall, import only)',
      `${formatRatio(vsPowertools)} (${formatMs(worker?.importOnly.wallMs ?? Number.NaN)} vs ${formatMs(
        powertools?.importOnly.wallMs ?? Number.NaN,
      )})`,
      verdict(vsPowertools <= 1),
    ],
    [
      'SQS SDK not evaluated at import',
      lazyOk ? 'not resolved at import or on a happy batch; resolved on the DLQ path' : 'see §4',
      verdict(lazyOk),
    ],
    [
      `#11 persistent local tier ≥ ${PERSISTENT_RATIO_GOAL}× the in-memory tier (journal synced before each acknowledged send)`,
      `${formatRatio(local.persistentRatio)} (${formatRate(local.persistent.median)} vs ${formatRate(local.tier.median)} msg/s)`,
      verdict(local.persistentRatio >= PERSISTENT_RATIO_GOAL),
    ],
  ];
  // Issue #13's goals; the HTTP and local rows read what bench:http and bench:local reported.
  for (const goal of issue13Goals(results)) {
    rows.push([goal.goal, goal.measured, goal.ok === undefined ? '**not measured**' : verdict(goal.ok)]);
  }
  return [
    '## Goals',
    '',
    table(['goal', 'measured', 'verdict'], rows),
    '',
    `![How ours compares with each peer in this run: right of 1× is ahead, left is behind](${CHART_PATH})`,
    '',
    `The chart (\`${CHART_PATH}\`, written by this run) shows each measurement as ours' advantage over the peer: ` +
      "peer time ÷ ours, or ours' throughput ÷ the peer's, so the same scale holds for every unit.",
  ].join('\n');
};

/** Where run-all writes the chart, relative to BENCHMARKS.md. */
const CHART_PATH = 'docs/bench-ratios.svg';

/** Plain-language reading of this run's numbers, including where we lose. */
const notesSection = (results: BenchResults): string => {
  const { overhead, ioBound, large, coldStart, http, local } = results;
  const row = (prefix: string) => overhead.rows.find((entry) => entry.name.startsWith(prefix));
  const oursBatch = row('ours: middy')?.median ?? Number.NaN;
  const powertoolsBatch = row('Powertools')?.median ?? Number.NaN;
  const vsPowertools = perBatchRatio(results, 'Powertools');
  const b = breakdownOf(overhead);
  const oursLarge = large.find((entry) => entry.configuredConcurrency === 10);
  const unbounded = large.filter((entry) => entry.configuredConcurrency === undefined);
  const worker = coldStart.variants.find((variant) => variant.name === 'worker');
  const empty = coldStart.variants.find((variant) => variant.name === 'empty');
  const powertools = coldStart.variants.find((variant) => variant.name === 'powertools');
  const scenario = (part: string) => ioBound.scenarios.find((entry) => entry.name.includes(part));
  const oursSpeedup = (part: string) =>
    scenario(part)?.variants.find((variant) => variant.name.startsWith('ours'))?.ratioToBaseline ??
    Number.NaN;
  return [
    '## Reading the numbers',
    '',
    `- **Per batch, ours costs ${vsPowertools <= 1 ? 'no more' : 'more'} CPU than Powertools**: ${formatMs(oursBatch)} per 10-record batch ` +
      `(≈ ${formatMs(oursBatch / 10)} per record) vs ${formatMs(powertoolsBatch)} for Powertools ` +
      `(${formatRatio(vsPowertools)}, the median of the per-round ratios, as in the goals table). It buys the envelope unwrapping, routing, per-message ` +
      'context logger, EMF metrics, the deadline signal and FIFO grouping; in absolute terms it is far below ' +
      'one millisecond, so it only matters for CPU-bound no-op floods. The largest pieces measured alone: ' +
      `${b.largest.map((piece) => `${piece.name} ${formatMs(piece.p50)}`).join('; ')}; the deadline signal ` +
      `${signed(b.deadline.value)} per batch (see §1).`,
    `- **I/O-bound work is where concurrency pays**: ${formatRatio(oursSpeedup('standard'))} over the ` +
      'sequential loop for a standard queue, and for FIFO the speed-up follows the number of groups in the ' +
      `batch (10 groups → ${formatRatio(oursSpeedup('10 groups'))}, 3 groups → ` +
      `${formatRatio(oursSpeedup('3 interleaved'))}), with order inside each group verified on every run.`,
    `- **Large batches, bounded**: ours at concurrency 10 took ` +
      `${formatMs(oursLarge?.elapsedMs ?? Number.NaN)} and grew the heap by ${formatMb(oursLarge?.peakHeapDelta ?? Number.NaN)}; ` +
      `${unbounded.map((entry) => `${entry.label} ${formatMs(entry.elapsedMs)} / ${formatMb(entry.peakHeapDelta)}`).join('; ')}. ` +
      'The unbounded ones start all 10,000 records at once (fine for a no-op, a connection storm for real I/O); ' +
      'ours runs at most the configured number at once, builds each Delivery when its record starts and keeps ' +
      'only the failures until the batch returns (successes are counted for the metrics and dropped).',
    `- **Cold start**: importing our bundle takes ${formatMs(worker?.importOnly.importMs ?? Number.NaN)} in-process ` +
      `(empty ${formatMs(empty?.importOnly.importMs ?? Number.NaN)}, Powertools ${formatMs(powertools?.importOnly.importMs ?? Number.NaN)}); ` +
      `the wall-clock ratios are dominated by Node’s own start-up (the empty handler’s wall time is ` +
      `${formatMs(empty?.importOnly.wallMs ?? Number.NaN)} here), which Lambda pays for every handler alike. ` +
      'Compare the ratios within one run, not wall times across runs.',
    httpNote(http),
    `- **Local tier**: it drains ${formatRate(local.tier.median)} msg/s end to end against ` +
      `${formatRate(local.plain.median)} for a bare receive/delete loop on the same fauxqs ` +
      `(${formatRatio(local.ratio)}); the difference is the event source mapping emulation and the real worker ` +
      'chain per batch. The emulator, the pollers and the handler run in one Node process here, so the absolute ' +
      'rates are the emulator’s, not SQS’s; the ratio is the tier’s cost. With its journal (the default ' +
      `\`npm start\`) it drains ${formatRate(local.persistent.median)} msg/s, ${formatRatio(local.persistentRatio)} ` +
      'the in-memory tier: a drain only appends receive and delete records, which are never waited for; only ' +
      'what a client is told is accepted (sends, queue changes) waits for its sync, shared by concurrent requests.',
  ].join('\n');
};

const formatRate = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : Math.round(value).toLocaleString('en-US');

/** The rows measured by the run's headline generator (wrk when installed). */
function httpRows(http: HttpBenchResult) {
  const headline = http.targets.filter((target) => target.generator === http.generator);
  const find = (part: string) => headline.find((target) => target.name.includes(part));
  return {
    bare: headline[0],
    info: find('server.mjs bundle (LOG_LEVEL=info)'),
    warn: find('server.mjs bundle (LOG_LEVEL=warn)'),
    tsx: find('tsx'),
    flask: find('Flask'),
  };
}

function generatorName(http: HttpBenchResult, generator: string): string {
  return generator === 'wrk'
    ? `\`wrk\` (${http.wrk ?? 'wrk'})`
    : 'the Node generator (bench/http-adapter.ts)';
}

function httpNote(http: HttpBenchResult): string {
  const h = httpRows(http);
  return (
    `- **HTTP adapter**: as EB runs it (\`node server.mjs\`, LOG_LEVEL=info, one log line per message) it ` +
    `serves ${formatRate(h.info?.rps)} req/s against ${formatRate(h.bare?.rps)} for a bare \`node:http\` ` +
    `server that only answers 200 (${formatRatio(h.info?.rpsRatio ?? Number.NaN)}), p50 ` +
    `${formatMs(h.info?.p50Ms ?? Number.NaN)} vs ${formatMs(h.bare?.p50Ms ?? Number.NaN)}, and ` +
    `${formatRatio(http.ratios.adapterVsFlask ?? Number.NaN)} the rate of the same worker in Flask under ` +
    'gunicorn. The difference to the bare server is the per-message work: sqsd headers, unwrap, routing, the ' +
    'abort signal and timeout, and the log line (written in batches by a buffered writer; EMF counts are ' +
    `summed per minute). LOG_LEVEL=warn: ${formatRate(h.warn?.rps)} req/s ` +
    `(${formatRatio(h.warn?.rpsRatio ?? Number.NaN)}). Under tsx (\`npm run start:http\`, local development) ` +
    `the same adapter serves ${formatRate(h.tsx?.rps)} req/s, ` +
    `${formatRatio((h.tsx?.rps ?? Number.NaN) / (h.info?.rps ?? Number.NaN))} the bundle’s rate.`
  );
}

/**
 * The 2× rule cannot hold once the adapter is within half the bare server's rate, so a flagged generator
 * is also judged by what the bare server did: busy on its whole core, the server set the rate.
 */
function serverBound(check: GeneratorCheck): string {
  const cpu = check.bareServerCpu;
  if (cpu === undefined) return '';
  const percent = `${Math.round(cpu * 100)}%`;
  return cpu >= 0.95
    ? ` The bare server used ${percent} of its core: it, not the generator, was the limit.`
    : ` The bare server used ${percent} of its core: it was not saturated.`;
}

function pinnedText(http: HttpBenchResult): string {
  // Results written before pinning existed have no such field.
  return http.pinning === undefined || http.pinning.startsWith('not pinned')
    ? `load generator and servers share the cores (${http.pinning ?? 'not pinned'})`
    : `${http.pinning}, so each server has one core to itself and the generator never waits behind it`;
}

function httpSection({ http, machine }: BenchResults): string {
  const rows = http.targets.map((target) => [
    target.name,
    target.generator,
    formatRate(target.rps),
    target.rounds.map((round) => formatRate(round.rps)).join(', '),
    formatRatio(target.rpsRatio),
    formatMs(target.p50Ms),
    formatRatio(target.p50Ratio),
    formatMs(target.p99Ms),
    formatRatio(target.p99Ratio),
    target.serverCpu === undefined ? 'n/a' : `${Math.round(target.serverCpu * 100)}%`,
    target.requests.toLocaleString('en-US'),
    String(target.errors),
  ]);
  const checks = http.generators.map(
    (check) =>
      `- ${generatorName(http, check.generator)}: bare server ${formatRate(check.bareRps)} req/s, ` +
      `${formatRatio(check.headroom)} the adapter's ${formatRate(check.adapterRps)}` +
      (check.saturated
        ? ' — **below 2×: this generator, not the server, may set the rate; do not read its ratios as the ' +
          "adapter's**."
        : ': enough headroom.') +
      serverBound(check),
  );
  const flask =
    'python' in http.flask
      ? `The Flask target is bench/flask/app.py (parse the JSON body, dispatch on \`type\`, log one line, 200) ` +
        `under \`${http.flask.python} -m gunicorn --workers 2\` (sync workers, which close each connection).`
      : `No Flask target: ${http.flask.missing} (Debian: \`apt-get install gunicorn python3-flask\`).`;
  return [
    '## 5. EB HTTP adapter vs a bare `node:http` server and Flask',
    '',
    `Command: \`${http.command}\` (bench/http-adapter.ts; \`npm run bench\` runs exactly this with ` +
      `\`-- --json <file>\` added to collect the numbers). Node ${http.node}, the machine above. Load ` +
      `generator: ${generatorName(http, http.generator)}` +
      (http.generator === 'wrk'
        ? '; the bare server and the adapter are loaded by the Node generator too, to show its ceiling.'
        : '; wrk was not installed.') +
      ' `npm run bench:http` uses `wrk` whenever it is on PATH (Debian: `apt-get install wrk`; CI runs no ' +
      'benchmarks) and the Flask target whenever a Python with flask and gunicorn is (Debian: ' +
      '`apt-get install gunicorn python3-flask`).',
    '',
    'Each server is its own child process on loopback; the generator holds ' +
      `${http.connections} keep-alive connections (sqsd's default HttpConnections), each POSTing an ` +
      'sqsd-shaped `{"type":"test",...}` message with the `X-Aws-Sqsd-*` headers, one at a time, back to back. ' +
      `All servers start first and get ${http.warmupMs} ms of warm-up per generator; then ${http.rounds} ` +
      `round(s) of ${http.durationMs} ms per server and generator, the order rotated each round. The adapter ` +
      'runs as EB runs it: `node server.mjs`, the esbuild bundle of `src/http/server.ts` from ' +
      '`scripts/eb/bundle-adapter.ts`; its log lines and EMF documents go to /dev/null. ' +
      `${flask} CPUs (${machine.nproc}): ${pinnedText(http)}. This is a ratio on a saturated loopback, ` +
      'not EB capacity. Medians over rounds; × bare = target median ÷ the bare median of the same ' +
      'generator (for req/s higher is better, for latency lower). *Server CPU* is the server process ' +
      "tree's CPU time during a run ÷ the run's length (100% = one whole core): a server near 100% is " +
      'what sets the rate; one well below it was waiting for its load generator (or for other work on ' +
      'the machine).',
    '',
    'Generator ceilings (a generator must drive the bare server to at least 2× the adapter’s rate):',
    '',
    ...checks,
    '',
    table(
      [
        'target',
        'generator',
        'req/s',
        'req/s per round',
        '× bare',
        'p50',
        '× bare',
        'p99',
        '× bare',
        'server CPU',
        'requests',
        'non-200',
      ],
      rows,
      2,
    ),
  ].join('\n');
}

const localSection = ({ local }: BenchResults): string => {
  const side = (name: string, value: LocalBenchResult['plain']) => [
    name,
    formatRate(value.median),
    `${formatRate(value.min)}–${formatRate(value.max)}`,
    value.runs.map(formatRate).join(', '),
    formatRate(value.warmUp),
  ];
  return [
    '## 6. Local worker tier vs a plain SDK receive/delete loop, in memory and persistent',
    '',
    `Command: \`${local.command}\` (bench/local-throughput.ts; \`npm run bench\` runs exactly this with ` +
      `\`--json <file>\` added to collect the numbers). Node ${local.node}, the machine above.`,
    '',
    'Two embedded fauxqs in the bench process: one in memory, one journaling to a temporary data dir (as ' +
      '`npm start` does by default). Each round pre-loads a fresh queue per side with ' +
      `${local.messages.toLocaleString('en-US')} messages; every side drains it with concurrency ${local.concurrency} ` +
      `(the worker's maximumConcurrency in serverless.yml) and batch ${local.batchSize}. The tier sides are ` +
      '`startLocalTier` (event source mapping emulation) running the real worker chain (`createWorkerHandler`) ' +
      'with a no-op task, timed from the first invocation to the last delete; the plain side is ' +
      `${local.concurrency} loops of ReceiveMessage(10) + DeleteMessageBatch on the in-memory emulator, timed ` +
      'from the first messages received. The order of the three sides rotates each round; ' +
      `${local.rounds} counted round(s) after a warm-up round.`,
    '',
    table(
      ['side', 'msg/s (median)', 'range', 'per round', 'warm-up round (not counted)'],
      [
        side('plain SDK receive/delete loop', local.plain),
        side('local tier end to end (in memory)', local.tier),
        side('local tier end to end (persistent)', local.persistent),
      ],
    ),
    '',
    `Ratio local tier ÷ plain loop (medians): **${formatRatio(local.ratio)}**. ` +
      `Persistent ÷ in-memory tier: **${formatRatio(local.persistentRatio)}** ` +
      `(persistent ÷ plain loop: ${formatRatio(local.persistentVsPlain)}).`,
  ].join('\n');
};

/** One row per benchmark command, with the ratio it exists to show. */
const commandsSection = (results: BenchResults): string => {
  const { overhead, ioBound, coldStart, http, local } = results;
  const fifo10 = ioBound.scenarios.find((scenario) => scenario.name.includes('10 groups'));
  const oursFifo = fifo10?.variants.find((variant) => variant.name.startsWith('ours'));
  const baseFifo = fifo10?.variants.find((variant) => variant.name === fifo10.baseline);
  const row = (prefix: string) => overhead.rows.find((entry) => entry.name.startsWith(prefix));
  const oursBatch = row('ours: middy')?.median ?? Number.NaN;
  const powertoolsBatch = row('Powertools')?.median ?? Number.NaN;
  const worker = coldStart.variants.find((variant) => variant.name === 'worker');
  const empty = coldStart.variants.find((variant) => variant.name === 'empty');
  const h = httpRows(http);
  return [
    '## The three benchmark commands',
    '',
    table(
      ['command', 'compares', 'medians', 'ratio'],
      [
        [
          '`npm run bench` (§1–4)',
          'FIFO batch, 10 groups × 20 ms: ours vs Powertools SqsFifoPartialProcessorAsync',
          `${formatMs(oursFifo?.medianMs ?? Number.NaN)} vs ${formatMs(baseFifo?.medianMs ?? Number.NaN)}`,
          `${formatRatio(oursFifo?.ratioToBaseline ?? Number.NaN)} faster`,
        ],
        [
          '〃',
          'CPU per 10-record no-op batch: ours vs Powertools BatchProcessor',
          `${formatMs(oursBatch)} vs ${formatMs(powertoolsBatch)}`,
          `${formatRatio(perBatchRatio(results, 'Powertools'))} the time (median of per-round ratios)`,
        ],
        [
          '〃',
          'cold start, wall, import only: ours vs an empty handler',
          `${formatMs(worker?.importOnly.wallMs ?? Number.NaN)} vs ${formatMs(empty?.importOnly.wallMs ?? Number.NaN)}`,
          `${formatRatio((worker?.importOnly.wallMs ?? Number.NaN) / (empty?.importOnly.wallMs ?? Number.NaN))} the time`,
        ],
        [
          `\`${http.command}\` (§5)`,
          'req/s: EB adapter (`node server.mjs`, LOG_LEVEL=info) vs bare `node:http`',
          `${formatRate(h.info?.rps)} vs ${formatRate(h.bare?.rps)} req/s`,
          `${formatRatio(h.info?.rpsRatio ?? Number.NaN)} the throughput`,
        ],
        [
          `\`${local.command}\` (§6)`,
          'msg/s: local tier end to end vs plain SDK receive/delete loop',
          `${formatRate(local.tier.median)} vs ${formatRate(local.plain.median)} msg/s`,
          `${formatRatio(local.ratio)} the throughput`,
        ],
        [
          '〃',
          'msg/s: persistent local tier (journal) vs the in-memory tier',
          `${formatRate(local.persistent.median)} vs ${formatRate(local.tier.median)} msg/s`,
          `${formatRatio(local.persistentRatio)} the throughput`,
        ],
      ],
      2,
    ),
  ].join('\n');
};

const formatLoad = (load: readonly number[]): string => load.map((value) => value.toFixed(2)).join(' / ');

const renderReport = (results: BenchResults): string => {
  const { machine } = results;
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run-all.ts). Do not edit by hand; re-run instead. -->',
    '',
    `Command: \`npm run bench\` (= \`tsx bench/run-all.ts\`; the bench programs are bundled with esbuild and run in ` +
      'fresh `node` processes; it then runs `npm run bench:http` and `npm run bench:local` as child processes, ' +
      'commands in §5 and §6). Raw numbers: `node_modules/.cache/worker-bench/results.json`.',
    '',
    `Machine: ${machine.nproc} cores (\`nproc\`), ${machine.cpu}, ${machine.memoryGb} GB RAM, Node ${machine.node}, ` +
      `${machine.platform}. Commit ${machine.commit}, ${machine.date}, run took ${machine.durationS} s. ` +
      `Load average (1/5/15 min) ${formatLoad(machine.loadAtStart)} at the start, ${formatLoad(machine.loadAtEnd)} ` +
      'at the end (the end value includes this run’s own processes).',
    '',
    'Absolute numbers move between runs on this machine; the ratios, taken between variants measured side by ' +
      'side (interleaved) in the same run, are what to compare. Lambda runs Node 22 on different CPUs: use these ' +
      'to compare the options, not to predict Lambda durations.',
    '',
    goalsSection(results),
    '',
    commandsSection(results),
    '',
    notesSection(results),
    '',
    overheadSection(results),
    '',
    ioSection(results),
    '',
    largeSection(results),
    '',
    coldSection(results),
    '',
    httpSection(results),
    '',
    localSection(results),
    '',
  ].join('\n');
};

export type { BenchResults, LargeBatchRow };
export { CHART_PATH, renderReport };
