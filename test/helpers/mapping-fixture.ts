import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach } from 'vitest';
import { EventSourceMapping } from '../../src/local/lambda/event-source-mapping.js';
import type {
  BatchReport,
  EventSourceMappingOptions,
} from '../../src/local/lambda/event-source-mapping-types.js';
import { recordingLogger } from './capture-logger.js';
import { createQueuePair, type QueuePair } from './embedded-queues.js';
import { eventually } from './eventually.js';

type QueueSpec = { fifo?: boolean; visibilityTimeout?: number; maxReceiveCount?: number };
type TestQueues = QueuePair;

/** A source queue (and its DLQ when `maxReceiveCount` is given) with a short visibility timeout. */
function createTestQueues(client: SQSClient, spec: QueueSpec = {}): Promise<TestQueues> {
  return createQueuePair(client, { prefix: 'esm', ...spec, visibilityTimeout: spec.visibilityTimeout ?? 1 });
}

type Invocation = { records: SQSRecord[]; context: Context };

/**
 * A mapping over `queueUrl` whose handler is `behaviour`, with every invocation and batch
 * report recorded. Short timeouts keep retries quick.
 */
function recordedMapping(
  client: SQSClient,
  queueUrl: string,
  behaviour: (event: SQSEvent, invocation: number, context: Context) => Promise<unknown>,
  options: Partial<EventSourceMappingOptions> = {},
) {
  const invocations: Invocation[] = [];
  const reports: BatchReport[] = [];
  const logger = recordingLogger();
  const mapping = new EventSourceMapping({
    client,
    queueUrl,
    function: { name: 'test-worker', timeout: 1 },
    reportBatchItemFailures: true,
    waitTimeSeconds: 1,
    logger,
    handler: (event, context) => {
      invocations.push({ records: event.Records, context });
      return behaviour(event, invocations.length, context);
    },
    ...options,
  });
  mapping.on('batch', (report) => reports.push(report));
  /** Every body the handler saw, with the receive count it saw it at. */
  const seen = () =>
    invocations.flatMap(({ records }) =>
      records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`),
    );
  return { mapping, invocations, reports, logger, seen };
}

/**
 * For a test file's mappings: `start` is {@link recordedMapping} plus `mapping.start()`, and every mapping
 * it starts or that is handed to `stopAfterTest` is stopped after each test.
 */
function useRecordedMappings() {
  const running: EventSourceMapping[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((mapping) => mapping.stop()));
  });
  const stopAfterTest = (mapping: EventSourceMapping): void => {
    running.push(mapping);
  };
  const start = async (...args: Parameters<typeof recordedMapping>) => {
    const recorded = recordedMapping(...args);
    stopAfterTest(recorded.mapping);
    await recorded.mapping.start();
    return recorded;
  };
  return { start, stopAfterTest };
}

/** Wait until `mapping` has deleted `count` messages in total. */
function processedAtLeast(mapping: EventSourceMapping, count: number): Promise<true> {
  return eventually(() => (mapping.stats.processed >= count ? true : undefined));
}

export type { Invocation, TestQueues };
export { createTestQueues, processedAtLeast, recordedMapping, useRecordedMappings };
