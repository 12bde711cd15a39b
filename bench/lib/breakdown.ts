import { Bench } from 'tinybench';
import { lazySqs } from '../../src/aws/sqs-client.js';
import { createLogger } from '../../src/core/logger.js';
import { createRegistry, defineTask } from '../../src/core/registry.js';
import { processDelivery } from '../../src/core/settle.js';
import { deliveryFromSqsRecord } from '../../src/core/sqs-record.js';
import { unwrap } from '../../src/core/unwrap.js';
import { createBatchProcessor } from '../../src/handlers/worker-batch.js';
import { benchEvent, lambdaContext } from './events.js';

/**
 * Where our per-batch time goes: the pieces of one 10-record batch measured alone, for whoever optimises
 * src/. Not a comparison, so one round is enough.
 */

type BreakdownRow = { name: string; p50: number };

const runBreakdown = async (timeMs: number): Promise<BreakdownRow[]> => {
  const event = benchEvent(10);
  const registry = createRegistry({
    bench: defineTask({ name: 'bench', parse: (payload) => payload, run: async () => undefined }),
  });
  const log = createLogger({ sink: () => undefined });
  const deliveries = event.Records.map(deliveryFromSqsRecord);
  const processBatch = createBatchProcessor({
    registry,
    log,
    emitMetrics: () => undefined,
    sqs: lazySqs(),
    concurrency: 10,
    stopMarginMs: 2000,
    service: 'bench',
  });
  const context = lambdaContext();
  const bench = new Bench({ time: timeMs, warmupTime: 200, throws: true });
  bench
    .add('deliveryFromSqsRecord × 10', () => {
      event.Records.map(deliveryFromSqsRecord);
    })
    .add('unwrap × 10', () => {
      for (const delivery of deliveries) unwrap(delivery);
    })
    .add('log.child × 10 (one per message in dispatch)', () => {
      for (const delivery of deliveries) log.child({ messageId: delivery.messageId, task: 'bench' });
    })
    .add('processDelivery × 10, sequential', async () => {
      for (const delivery of deliveries) await processDelivery(delivery, { registry, log });
    })
    .add('AbortSignal.any of 2 signals (once per batch)', () => {
      AbortSignal.any([new AbortController().signal, new AbortController().signal]);
    })
    .add('createBatchProcessor batch, no middy, no signal', () => processBatch(event, context))
    .add('createBatchProcessor batch, no middy, with a signal (as middy passes)', () =>
      processBatch(event, context, { signal: new AbortController().signal }),
    );
  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    return { name: task.name, p50: result.latency.p50 };
  });
};

export type { BreakdownRow };
export { runBreakdown };
