import type { SQSEvent } from 'aws-lambda';
import { Bench } from 'tinybench';
import { type BreakdownRow, runBreakdown } from '../lib/breakdown.js';
import { emitResult } from '../lib/child.js';
import { benchEvent, lambdaContext } from '../lib/events.js';
import { median } from '../lib/stats.js';
import { type BatchHandler, handWritten, middyAllSettled, noop, ours, powertools } from '../lib/variants.js';

/**
 * Per-batch overhead: one 10-record batch, no-op task. All variants run in the same tinybench instance,
 * in several rounds; each round's ratios are taken against that round's hand-written loop.
 */

type OverheadRow = { name: string; medians: number[]; median: number; ratios: number[]; ratio: number };
type OverheadResult = {
  baseline: string;
  rounds: number;
  /** Measured time per variant per round. */
  timeMs: number;
  rows: OverheadRow[];
  breakdown: BreakdownRow[];
};

const BASELINE = 'hand-written loop → {batchItemFailures}';

const variants = (): Array<[string, BatchHandler, SQSEvent]> => {
  const standard = benchEvent(10);
  const fifo = benchEvent(10, { fifo: true, groupOf: (index) => `g${index % 10}` });
  return [
    [BASELINE, handWritten(noop), standard],
    ['ours: middy + createBatchProcessor (standard queue)', ours(noop), standard],
    ['ours: same handler, FIFO batch (10 groups)', ours(noop), fifo],
    ['middy sqs-partial-batch-failure + Promise.allSettled', middyAllSettled(noop), standard],
    ['Powertools processPartialResponse + BatchProcessor(SQS)', powertools(noop), standard],
  ];
};

const assertAllAcked = async (name: string, handler: BatchHandler, event: SQSEvent) => {
  const response = await handler(event, lambdaContext());
  if (response.batchItemFailures.length !== 0) {
    throw new Error(`${name}: expected no failures, got ${JSON.stringify(response)}`);
  }
};

const runOverhead = async (options: { rounds: number; timeMs: number }): Promise<OverheadRow[]> => {
  const list = variants();
  for (const [name, handler, event] of list) await assertAllAcked(name, handler, event);
  const perRound = new Map<string, number[]>(list.map(([name]) => [name, []]));
  const ratios = new Map<string, number[]>(list.map(([name]) => [name, []]));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({ time: options.timeMs, warmupTime: 200, throws: true });
    const context = lambdaContext();
    // Rotate the order each round, so no variant always runs first (JIT warm-up, thermal drift).
    const rotated = [...list.slice(round % list.length), ...list.slice(0, round % list.length)];
    for (const [name, handler, event] of rotated) bench.add(name, () => handler(event, context));
    await bench.run();
    const p50 = new Map<string, number>();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
      p50.set(task.name, result.latency.p50);
    }
    const base = p50.get(BASELINE) ?? Number.NaN;
    for (const [name] of list) {
      const value = p50.get(name) ?? Number.NaN;
      perRound.get(name)?.push(value);
      ratios.get(name)?.push(value / base);
    }
  }
  return list.map(([name]) => {
    const medians = perRound.get(name) ?? [];
    const rowRatios = ratios.get(name) ?? [];
    return { name, medians, median: median(medians), ratios: rowRatios, ratio: median(rowRatios) };
  });
};

// More, shorter rounds rather than a few long ones: the ratio is the median of per-round ratios, and with
// 3 rounds one disturbed round (other processes on 2 shared cores) moved it from 1.28x to 0.85x.
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const timeMs = Number(process.env.BENCH_TIME_MS ?? 500);
const breakdownRounds = Number(process.env.BENCH_BREAKDOWN_ROUNDS ?? 5);
const rows = await runOverhead({ rounds, timeMs });
const result: OverheadResult = {
  baseline: BASELINE,
  rounds,
  timeMs,
  rows,
  breakdown: await runBreakdown({ timeMs: 500, rounds: breakdownRounds }),
};
emitResult(result);

export type { OverheadResult, OverheadRow };
