import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createRegistry, defineTask } from '../../src/core/registry.js';
import { createRuntime } from '../../src/handlers/runtime.js';
import { createWorkerHandler } from '../../src/handlers/worker-handler.js';

/**
 * The handlers compared by the benches. Each runs the same per-record work (`work(payload)`, where
 * payload is the parsed JSON body) so that the differences are the batch machinery alone.
 */

type Work = (payload: unknown) => Promise<void>;
type BatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const noop: Work = async () => undefined;

const parseBody = (record: SQSRecord): unknown => JSON.parse(record.body);

/**
 * Our worker exactly as src/handlers/sqs-worker.ts wires it (middy + sqs-partial-batch-failure around
 * createBatchProcessor, through createRuntime), with a registry holding one `bench` task and logs/metrics
 * going to a no-op sink.
 */
const ours = (work: Work, options: { concurrency?: number } = {}): BatchHandler => {
  const registry = createRegistry({
    bench: defineTask({ name: 'bench', parse: (payload) => payload, run: (payload) => work(payload) }),
  });
  const environment = { SERVICE_NAME: 'bench', WORKER_CONCURRENCY: String(options.concurrency ?? 10) };
  const { config, ...ports } = createRuntime(environment, { sink: () => undefined, registry });
  return createWorkerHandler({ ...config, ...ports });
};

/** The baseline: a plain loop that builds `{batchItemFailures}` itself (no library at all). */
const handWritten =
  (work: Work): BatchHandler =>
  async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await work(parseBody(record));
      } catch {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };

/** The middleware's documented usage: `Promise.allSettled` over all records (unbounded, no FIFO logic). */
const middyAllSettled = (work: Work): BatchHandler =>
  middy<SQSEvent>()
    .use(sqsPartialBatchFailure({ logger: false as never }))
    .handler(async (event) =>
      Promise.allSettled(event.Records.map(async (record) => work(parseBody(record)))),
    );

/** Powertools `processPartialResponse` with `BatchProcessor(EventType.SQS)` (parallel unless told otherwise). */
const powertools = (work: Work, options: { sequential?: boolean } = {}): BatchHandler => {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord) => work(parseBody(record));
  return (event, context) =>
    processPartialResponse(event, recordHandler, processor, {
      context,
      ...(options.sequential ? { processInParallel: false } : {}),
    });
};

/** Powertools' FIFO processor: one record at a time, stop at the first failure. */
const powertoolsFifo = (work: Work): BatchHandler => {
  const processor = new SqsFifoPartialProcessorAsync();
  const recordHandler = async (record: SQSRecord) => work(parseBody(record));
  return (event, context) => processPartialResponse(event, recordHandler, processor, { context });
};

export type { BatchHandler, Work };
export { handWritten, middyAllSettled, noop, ours, powertools, powertoolsFifo };
