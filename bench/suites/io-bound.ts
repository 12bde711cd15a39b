import type { SQSEvent } from 'aws-lambda';
import { emitResult } from '../lib/child.js';
import { benchEvent, lambdaContext } from '../lib/events.js';
import { newTrace, orderProblems, type Trace, tracedSleep } from '../lib/order.js';
import { median } from '../lib/stats.js';
import {
  type BatchHandler,
  handWritten,
  ours,
  powertools,
  powertoolsFifo,
  type Work,
} from '../lib/variants.js';

/**
 * I/O-bound batches: 10 records, each awaiting 20 ms. Variants of one scenario run interleaved
 * (A, B, A, B, ...) so drift hits them equally; every run is checked for the expected result and, for
 * FIFO, for order within each group.
 */

const SLEEP_MS = 20;
const ITERATIONS = Number(process.env.BENCH_IO_ITERATIONS ?? 15);
const WARMUP = 2;

type Variant = { name: string; make: (work: Work) => BatchHandler };
type Scenario = {
  name: string;
  event: SQSEvent;
  /** group → seqs in send order; undefined for standard queues (no order to keep). */
  groups?: Map<string, number[]>;
  variants: Variant[];
  /** The variant the others are compared with. */
  baseline: string;
};
type VariantResult = {
  name: string;
  runsMs: number[];
  medianMs: number;
  ratioToBaseline: number;
  maxInFlight: number;
};
type ScenarioResult = { name: string; baseline: string; variants: VariantResult[]; orderChecked: boolean };

const groupsOf = (count: number, groupOf: (index: number) => string) => {
  const groups = new Map<string, number[]>();
  for (let seq = 0; seq < count; seq++) {
    const group = groupOf(seq);
    groups.set(group, [...(groups.get(group) ?? []), seq]);
  }
  return groups;
};

const runOnce = async (scenario: Scenario, variant: Variant, handler: BatchHandler, trace: Trace) => {
  trace.events.length = 0;
  trace.maxInFlight = 0;
  const started = performance.now();
  const response = await handler(scenario.event, lambdaContext());
  const elapsed = performance.now() - started;
  if (response.batchItemFailures.length > 0) {
    throw new Error(`${scenario.name} / ${variant.name}: unexpected failures ${JSON.stringify(response)}`);
  }
  const all = new Set(scenario.event.Records.map((_, seq) => seq));
  const groups = scenario.groups ?? new Map([...all].map((seq) => [`#${seq}`, [seq]]));
  const problems = orderProblems(trace, groups, all);
  if (problems.length > 0) throw new Error(`${scenario.name} / ${variant.name}: ${problems.join('; ')}`);
  return elapsed;
};

const runScenario = async (scenario: Scenario): Promise<ScenarioResult> => {
  const prepared = scenario.variants.map((variant) => {
    const trace = newTrace();
    return { variant, trace, handler: variant.make(tracedSleep(trace, SLEEP_MS)), runs: [] as number[] };
  });
  for (let iteration = 0; iteration < WARMUP + ITERATIONS; iteration++) {
    for (const entry of prepared) {
      const elapsed = await runOnce(scenario, entry.variant, entry.handler, entry.trace);
      if (iteration >= WARMUP) entry.runs.push(elapsed);
    }
  }
  const baseline = median(prepared.find((entry) => entry.variant.name === scenario.baseline)?.runs ?? []);
  return {
    name: scenario.name,
    baseline: scenario.baseline,
    orderChecked: scenario.groups !== undefined,
    variants: prepared.map(({ variant, trace, runs }) => ({
      name: variant.name,
      runsMs: runs,
      medianMs: median(runs),
      ratioToBaseline: baseline / median(runs),
      maxInFlight: trace.maxInFlight,
    })),
  };
};

/**
 * FIFO failure semantics, checked once: a message failing mid-group must stop its group (later ones
 * reported, not started) while other groups run to completion.
 */
const fifoFailureCheck = async () => {
  const groupOf = (index: number) => `g${index % 3}`;
  const event = benchEvent(10, { fifo: true, groupOf });
  const trace = newTrace();
  const failSeq = 3; // g0: 0, 3, 6, 9 → 3 fails, 6 and 9 are skipped
  const response = await ours(tracedSleep(trace, 1, failSeq))(event, lambdaContext());
  const reported = response.batchItemFailures.map((failure) => failure.itemIdentifier);
  const expected = [3, 6, 9].map((seq) => event.Records[seq]?.messageId);
  const mustRun = new Set([0, 1, 2, 3, 4, 5, 7, 8]);
  const problems = orderProblems(trace, groupsOf(10, groupOf), mustRun);
  if (reported.join() !== expected.join()) problems.push(`reported [${reported}], expected [${expected}]`);
  return { ok: problems.length === 0, problems, reported: reported.length };
};

const standard: Variant[] = [
  { name: 'ours, concurrency 10 (default)', make: (work) => ours(work, { concurrency: 10 }) },
  { name: 'ours, concurrency 1 (sequential)', make: (work) => ours(work, { concurrency: 1 }) },
  { name: 'hand-written sequential loop', make: handWritten },
  { name: 'Powertools BatchProcessor (parallel, default)', make: (work) => powertools(work) },
  {
    name: 'Powertools BatchProcessor (processInParallel: false)',
    make: (work) => powertools(work, { sequential: true }),
  },
];
const fifo: Variant[] = [
  { name: 'ours (groups concurrent, in order within a group)', make: (work) => ours(work) },
  { name: 'Powertools SqsFifoPartialProcessorAsync (sequential)', make: powertoolsFifo },
];

const tenGroups = (index: number) => `g${index}`;
const threeGroups = (index: number) => `g${index % 3}`;
const scenarios: Scenario[] = [
  {
    name: 'standard queue, 10 records × 20 ms',
    event: benchEvent(10),
    variants: standard,
    baseline: 'hand-written sequential loop',
  },
  {
    name: 'FIFO, 10 records in 10 groups × 20 ms',
    event: benchEvent(10, { fifo: true, groupOf: tenGroups }),
    groups: groupsOf(10, tenGroups),
    variants: fifo,
    baseline: 'Powertools SqsFifoPartialProcessorAsync (sequential)',
  },
  {
    name: 'FIFO, 10 records in 3 interleaved groups (4+3+3) × 20 ms',
    event: benchEvent(10, { fifo: true, groupOf: threeGroups }),
    groups: groupsOf(10, threeGroups),
    variants: fifo,
    baseline: 'Powertools SqsFifoPartialProcessorAsync (sequential)',
  },
];

type IoBoundResult = {
  sleepMs: number;
  iterations: number;
  scenarios: ScenarioResult[];
  fifoFailure: { ok: boolean; problems: string[]; reported: number };
};

const scenarioResults: ScenarioResult[] = [];
for (const scenario of scenarios) scenarioResults.push(await runScenario(scenario));
const result: IoBoundResult = {
  sleepMs: SLEEP_MS,
  iterations: ITERATIONS,
  scenarios: scenarioResults,
  fifoFailure: await fifoFailureCheck(),
};
emitResult(result);

export type { IoBoundResult, ScenarioResult, VariantResult };
