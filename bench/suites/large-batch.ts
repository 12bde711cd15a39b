import { getHeapStatistics } from 'node:v8';
import { readWorkerConfig } from '../../src/config.js';
import { emitResult } from '../lib/child.js';
import { benchEvent, lambdaContext } from '../lib/events.js';
import { type BatchHandler, middyAllSettled, ours, powertools, type Work } from '../lib/variants.js';

/**
 * One 10,000-record batch in this (fresh) process: `node --expose-gc large-batch.mjs <variant>`.
 * The task yields once (setImmediate), so every record that was started is in flight at the same time
 * and `maxInFlight` shows the real concurrency. Memory is sampled from inside the task and on a timer.
 * Our variant takes its bound from WORKER_CONCURRENCY through the real config reader.
 */

type LargeBatchRun = {
  variant: string;
  records: number;
  configuredConcurrency?: number;
  elapsedMs: number;
  failures: number;
  calls: number;
  maxInFlight: number;
  heapUsedBefore: number;
  peakHeapUsed: number;
  peakHeapDelta: number;
  rssBefore: number;
  peakRss: number;
  maxRssKb: number;
  gcExposed: boolean;
};

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const variant = process.argv[2] ?? 'ours';

let inFlight = 0;
let maxInFlight = 0;
let calls = 0;
let peakHeapUsed = 0;
let peakRss = 0;

const sample = () => {
  const memory = process.memoryUsage();
  peakHeapUsed = Math.max(peakHeapUsed, memory.heapUsed, getHeapStatistics().used_heap_size);
  peakRss = Math.max(peakRss, memory.rss);
};

const work: Work = async () => {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  if (++calls % 64 === 0) sample();
  await new Promise<void>((resolve) => setImmediate(resolve));
  inFlight--;
};

const config = readWorkerConfig(process.env);
const handlers: Record<string, () => BatchHandler> = {
  ours: () => ours(work, { concurrency: config.concurrency }),
  'middy-allsettled': () => middyAllSettled(work),
  powertools: () => powertools(work),
};
const make = handlers[variant];
if (!make) throw new Error(`unknown variant ${variant}; one of ${Object.keys(handlers).join(', ')}`);

const handler = make();
const event = benchEvent(RECORDS);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
peakHeapUsed = before.heapUsed;
peakRss = before.rss;
const timer = setInterval(sample, 1);
const started = performance.now();
const response = await handler(event, lambdaContext(900_000));
const elapsedMs = performance.now() - started;
sample();
clearInterval(timer);

const result: LargeBatchRun = {
  variant,
  records: RECORDS,
  configuredConcurrency: variant === 'ours' ? config.concurrency : undefined,
  elapsedMs,
  failures: response.batchItemFailures.length,
  calls,
  maxInFlight,
  heapUsedBefore: before.heapUsed,
  peakHeapUsed,
  peakHeapDelta: peakHeapUsed - before.heapUsed,
  rssBefore: before.rss,
  peakRss,
  maxRssKb: process.resourceUsage().maxRSS,
  gcExposed: gc !== undefined,
};
emitResult(result);

export type { LargeBatchRun };
