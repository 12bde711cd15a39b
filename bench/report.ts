import type { ColdStartReport } from './cold-start.js';
import { formatBytes, formatMb, formatMs, formatRatio } from './lib/stats.js';
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
  };
  overhead: OverheadResult;
  ioBound: IoBoundResult;
  large: LargeBatchRow[];
  coldStart: ColdStartReport;
};

const ZIP_BUDGET = 30 * 1024;
const COLD_RATIO_BUDGET = 1.15;
const FIFO_SPEEDUP_GOAL = 5;

const table = (header: string[], rows: string[][]): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (index === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

const verdict = (ok: boolean) => (ok ? '**met**' : '**MISSED**');

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
    `tinybench, ${overhead.rounds} round(s) of ~1 s per variant in one process (order rotated each round). ` +
      'Every variant parses the JSON body and awaits the same no-op. Ratio = variant p50 ÷ the hand-written ' +
      "loop's p50 in the same round; the table shows the median over rounds.",
    '',
    table(['variant', 'p50 per batch', `× ${overhead.baseline}`, 'p50 per round', 'ratio per round'], rows),
    '',
    'Where our time goes (the same 10-record batch, pieces measured alone, p50):',
    '',
    table(
      ['piece', 'p50'],
      overhead.breakdown.map((row) => [row.name, formatMs(row.p50)]),
    ),
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
  const { ioBound, large, coldStart } = results;
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
  ];
  return ['## Goals', '', table(['goal', 'measured', 'verdict'], rows)].join('\n');
};

/** Plain-language reading of this run's numbers, including where we lose. */
const notesSection = ({ overhead, large, coldStart }: BenchResults): string => {
  const row = (prefix: string) => overhead.rows.find((entry) => entry.name.startsWith(prefix));
  const oursBatch = row('ours: middy')?.median ?? Number.NaN;
  const powertoolsBatch = row('Powertools')?.median ?? Number.NaN;
  const oursLarge = large.find((entry) => entry.configuredConcurrency === 10);
  const unbounded = large.filter((entry) => entry.configuredConcurrency === undefined);
  const worker = coldStart.variants.find((variant) => variant.name === 'worker');
  const empty = coldStart.variants.find((variant) => variant.name === 'empty');
  const powertools = coldStart.variants.find((variant) => variant.name === 'powertools');
  return [
    '## Reading the numbers',
    '',
    `- **Per batch, ours costs more CPU than the libraries**: ${formatMs(oursBatch)} per 10-record batch ` +
      `(≈ ${formatMs(oursBatch / 10)} per record) vs ${formatMs(powertoolsBatch)} for Powertools ` +
      `(${formatRatio(oursBatch / powertoolsBatch)}). It buys the envelope unwrapping, routing, per-message ` +
      'context logger, EMF metrics, the deadline signal and FIFO grouping; in absolute terms it is far below ' +
      'one millisecond, so it only matters for CPU-bound no-op floods. The breakdown table shows the biggest ' +
      'pieces (one `AbortSignal.any` per batch, a child logger per message).',
    `- **I/O-bound work is where concurrency pays**: ≈ 10× over sequential processing for standard queues, and ` +
      'for FIFO the speed-up equals the number of groups in the batch (10 groups → ≈ 10×, 3 groups → ≈ 2.5×), ' +
      'with order inside each group verified on every run.',
    `- **Large batches: bounded, but slower and heavier than unbounded fan-out**: ours at concurrency 10 took ` +
      `${formatMs(oursLarge?.elapsedMs ?? Number.NaN)} and grew the heap by ${formatMb(oursLarge?.peakHeapDelta ?? Number.NaN)}; ` +
      `${unbounded.map((entry) => `${entry.label} ${formatMs(entry.elapsedMs)} / ${formatMb(entry.peakHeapDelta)}`).join('; ')}. ` +
      'The unbounded ones start all 10,000 records at once (fine for a no-op, a connection storm for real I/O); ' +
      'ours keeps every Delivery, verdict and WorkMessage of the batch alive until the end, hence the heap.',
    `- **Cold start**: importing our bundle takes ${formatMs(worker?.importOnly.importMs ?? Number.NaN)} in-process ` +
      `(empty ${formatMs(empty?.importOnly.importMs ?? Number.NaN)}, Powertools ${formatMs(powertools?.importOnly.importMs ?? Number.NaN)}); ` +
      'the wall-clock ratios are dominated by Node’s own start-up (~40 ms here), which Lambda pays for every ' +
      'handler alike. Wall-time medians move by ±10% between runs on this shared machine.',
  ].join('\n');
};

const renderReport = (results: BenchResults): string => {
  const { machine } = results;
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run-all.ts). Do not edit by hand; re-run instead. -->',
    '',
    `Command: \`npm run bench\` (= \`tsx bench/run-all.ts\`; the bench programs are bundled with esbuild and run in ` +
      'fresh `node` processes). Raw numbers: `node_modules/.cache/worker-bench/results.json`.',
    '',
    `Machine: ${machine.nproc} cores (\`nproc\`), ${machine.cpu}, ${machine.memoryGb} GB RAM, Node ${machine.node}, ` +
      `${machine.platform}. Commit ${machine.commit}, ${machine.date}, run took ${machine.durationS} s.`,
    '',
    'The machine is shared (other test suites run concurrently), so absolute numbers are noisy; the ratios, taken ' +
      'between variants measured side by side (interleaved) in the same run, are what to compare. Lambda runs ' +
      'Node 22 on different CPUs: use these to compare the options, not to predict Lambda durations.',
    '',
    goalsSection(results),
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
  ].join('\n');
};

export type { BenchResults, LargeBatchRow };
export { renderReport };
