import { Bench } from 'tinybench';
import { runBatch } from '../../src/core/batch.js';
import { batchMetrics } from '../../src/core/metrics.js';
import { processDelivery, type Verdict } from '../../src/core/process-delivery.js';
import { createRegistry, defineTask } from '../../src/core/registry.js';
import { deliveryFromSqsRecord } from '../../src/core/sqs-record.js';
import { unwrap } from '../../src/core/unwrap.js';
import { createRuntime } from '../../src/handlers/runtime.js';
import { createBatchProcessor, type WorkerBatchDeps } from '../../src/handlers/worker-batch.js';
import { createWorkerHandler } from '../../src/handlers/worker-handler.js';
import { benchEvent, lambdaContext } from './events.js';
import { median } from './stats.js';

/**
 * Where our per-batch time goes: the pieces of one 10-record batch measured alone, for whoever optimises
 * src/. Every row calls the real exported code; the deadline signal (private to worker-batch.ts) is
 * measured through createBatchProcessor itself, by adding the Lambda context (its timer) and then
 * middy's long-lived signal (its listener) — the differences between those rows are its cost. Several
 * rounds, order rotated each round, because those differences are small next to the drift of a shared
 * machine. Results the bench does not otherwise use are stored, so the JIT cannot drop the work.
 */

type BreakdownRow = {
  id: BreakdownId;
  name: string;
  /** Median over rounds of each round's p50. */
  p50: number;
  p50s: number[];
  /** `piece`: one part of the batch; `whole`: the batch processor or the full handler, for scale. */
  kind: 'piece' | 'whole';
};

type BreakdownId =
  | 'records'
  | 'unwrap'
  | 'child'
  | 'process'
  | 'schedule'
  | 'metrics'
  | 'batch'
  | 'batch+context'
  | 'batch+signal'
  | 'handler';

type Entry = { id: BreakdownId; name: string; kind: BreakdownRow['kind']; fn: () => unknown };

const runBreakdown = async (options: { timeMs: number; rounds: number }): Promise<BreakdownRow[]> => {
  const event = benchEvent(10);
  const registry = createRegistry({
    bench: defineTask({ name: 'bench', parse: (payload) => payload, run: async () => undefined }),
  });
  const { config, ...ports } = createRuntime({ SERVICE_NAME: 'bench' }, { sink: () => undefined, registry });
  const { log } = ports;
  const deliveries = event.Records.map(deliveryFromSqsRecord);
  const deps: WorkerBatchDeps = { ...config, ...ports };
  const processBatch = createBatchProcessor(deps);
  const handler = createWorkerHandler(deps);
  const context = lambdaContext();
  // middy passes every invocation the same module-level AbortController's signal (@middy/core runRequest).
  const middySignal = new AbortController().signal;
  const verdicts: Verdict[] = [];
  for (const delivery of deliveries) verdicts.push(await processDelivery(delivery, { registry, log }));
  const noopJob = async () => undefined;
  let sink = 0;
  const kept: unknown[] = new Array(deliveries.length);
  const entries: Entry[] = [
    {
      id: 'records',
      name: 'deliveryFromSqsRecord × 10',
      kind: 'piece',
      fn: () => event.Records.map(deliveryFromSqsRecord),
    },
    {
      id: 'unwrap',
      name: 'unwrap × 10',
      kind: 'piece',
      fn: () => {
        deliveries.forEach((delivery, index) => {
          kept[index] = unwrap(delivery);
        });
      },
    },
    {
      id: 'child',
      name: 'log.child × 10 (one per message in dispatch)',
      kind: 'piece',
      fn: () => {
        deliveries.forEach((delivery, index) => {
          kept[index] = log.child({ messageId: delivery.messageId, task: 'bench' });
        });
      },
    },
    {
      id: 'process',
      name: 'processDelivery × 10, sequential (unwrap, route, child logger, no-op task)',
      kind: 'piece',
      fn: async () => {
        for (const delivery of deliveries) await processDelivery(delivery, { registry, log });
      },
    },
    {
      id: 'schedule',
      name: 'runBatch of 10 no-op jobs, concurrency 10 (the scheduler alone)',
      kind: 'piece',
      fn: () => runBatch(deliveries, noopJob),
    },
    {
      id: 'metrics',
      name: 'batchMetrics + JSON.stringify of 10 verdicts (EMF, once per batch)',
      kind: 'piece',
      fn: () => {
        for (const document of batchMetrics(verdicts, { service: 'bench', timestamp: 0 })) {
          sink += JSON.stringify(document).length;
        }
      },
    },
    {
      id: 'batch',
      name: 'createBatchProcessor batch: no context, no signal (deadline signal without timer or listener)',
      kind: 'whole',
      fn: () => processBatch(event),
    },
    {
      id: 'batch+context',
      name: 'createBatchProcessor batch: + Lambda context (deadline timer set and cleared)',
      kind: 'whole',
      fn: () => processBatch(event, context),
    },
    {
      id: 'batch+signal',
      name: "createBatchProcessor batch: + context + middy's long-lived signal (joins its one shared listener)",
      kind: 'whole',
      fn: () => processBatch(event, context, { signal: middySignal }),
    },
    {
      id: 'handler',
      name: 'createWorkerHandler: the whole middy chain (the Lambda handler)',
      kind: 'whole',
      fn: () => handler(event, context),
    },
  ];
  const p50s = new Map<BreakdownId, number[]>(entries.map((entry) => [entry.id, []]));
  for (let round = 0; round < options.rounds; round++) {
    const shift = round % entries.length;
    const bench = new Bench({ time: options.timeMs, warmupTime: 200, throws: true });
    for (const entry of [...entries.slice(shift), ...entries.slice(0, shift)]) bench.add(entry.id, entry.fn);
    await bench.run();
    for (const entry of entries) {
      const result = bench.getTask(entry.id)?.result;
      if (result?.state !== 'completed') throw new Error(`${entry.name}: ${result?.state ?? 'not run'}`);
      p50s.get(entry.id)?.push(result.latency.p50);
    }
  }
  if (sink === 0 || kept.length === 0) throw new Error('breakdown: nothing measured');
  return entries.map((entry) => {
    const values = p50s.get(entry.id) ?? [];
    return { id: entry.id, name: entry.name, kind: entry.kind, p50: median(values), p50s: values };
  });
};

export type { BreakdownId, BreakdownRow };
export { runBreakdown };
