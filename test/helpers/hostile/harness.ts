import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SqsProvider } from '../../../src/aws/sqs-client.js';
import type { Registry } from '../../../src/core/registry.js';
import { createWorkerHandler } from '../../../src/handlers/worker-handler.js';
import { registry } from '../../../src/tasks/index.js';
import { captureLogger } from '../capture-logger.js';

/**
 * The worker handler wired like src/handlers/sqs-worker.ts (middy + sqs-partial-batch-failure around
 * createBatchProcessor, the real task registry), with every port observed: which messages a task
 * completed, which were dead-lettered, which had their visibility changed, and the EMF metrics.
 */

type Observed = {
  /** messageIds whose task ran to completion, in completion order. */
  completed: string[];
  deadLettered: string[];
  /** messageIds whose visibility was changed (ErrorVisibilityTimeout). */
  visibilityChanged: string[];
  metrics: Array<{ Task: string; Processed: number; Failed: number; DeadLettered: number }>;
  logLines: string[];
};

type HarnessOptions = {
  /** Whether the DLQ send fails for a message. */
  deadLetterFails?: (messageId: string) => boolean;
  concurrency?: number;
};

const context = (): Context =>
  ({
    functionName: 'worker',
    awsRequestId: 'hostile',
    getRemainingTimeInMillis: () => 60_000,
  }) as Context;

/** A fake SQS SDK: records ChangeMessageVisibilityBatch entries by messageId (factories' `AQEB-<messageId>` handles). */
const fakeSqs = (observed: Observed): SqsProvider => {
  class ChangeMessageVisibilityBatchCommand {
    constructor(readonly input: { Entries: Array<{ ReceiptHandle: string }> }) {}
  }
  const client = {
    send: async (command: ChangeMessageVisibilityBatchCommand) => {
      for (const entry of command.input.Entries)
        observed.visibilityChanged.push(entry.ReceiptHandle.replace(/^AQEB-/, ''));
      return { Failed: [] };
    },
  };
  return (async () => ({ sdk: { ChangeMessageVisibilityBatchCommand }, client })) as unknown as SqsProvider;
};

const createHarness = (options: HarnessOptions = {}) => {
  const observed: Observed = {
    completed: [],
    deadLettered: [],
    visibilityChanged: [],
    metrics: [],
    logLines: [],
  };
  const observedRegistry: Registry = {
    names: registry.names,
    resolve: (message) => {
      const task = registry.resolve(message);
      if (!task) return undefined;
      return {
        name: task.name,
        execute: async (payload, taskContext) => {
          await task.execute(payload, taskContext);
          observed.completed.push(taskContext.message.id);
        },
      };
    },
  };
  const { log, raw } = captureLogger();
  observed.logLines = raw;
  const handler = createWorkerHandler({
    registry: observedRegistry,
    log,
    emitMetrics: (line) => observed.metrics.push(JSON.parse(line)),
    sqs: fakeSqs(observed),
    deadLetter: async (delivery) => {
      if (options.deadLetterFails?.(delivery.messageId)) throw new Error('DLQ unavailable');
      observed.deadLettered.push(delivery.messageId);
    },
    errorVisibilityTimeout: 2,
    concurrency: options.concurrency ?? 4,
    stopMarginMs: 2000,
    service: 'hostile',
  });
  const invoke = (event: SQSEvent) => handler(event, context()) as Promise<SQSBatchResponse>;
  return { invoke, observed };
};

export type { Observed };
export { context, createHarness };
