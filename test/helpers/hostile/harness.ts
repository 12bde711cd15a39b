import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Registry } from '../../../src/core/registry.js';
import { createWorkerHandler } from '../../../src/handlers/worker-handler.js';
import { registry } from '../../../src/tasks/index.js';
import { captureLogger } from '../capture-logger.js';
import { lambdaContextFactory } from '../factories.js';
import { fakeSqs } from '../worker.js';

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

/** Records ChangeMessageVisibilityBatch entries by messageId (factories' receipt handles are `AQEB-<messageId>`). */
function recordVisibilityChanges(observed: Observed) {
  return fakeSqs(async (command) => {
    const entries = (command.input.Entries ?? []) as Array<{ ReceiptHandle: string }>;
    if (command.name === 'ChangeMessageVisibilityBatchCommand') {
      for (const entry of entries) observed.visibilityChanged.push(entry.ReceiptHandle.replace(/^AQEB-/, ''));
    }
    return { Failed: [] };
  }).provider;
}

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
    sqs: recordVisibilityChanges(observed),
    deadLetter: async (delivery) => {
      if (options.deadLetterFails?.(delivery.messageId)) throw new Error('DLQ unavailable');
      observed.deadLettered.push(delivery.messageId);
    },
    errorVisibilityTimeout: 2,
    concurrency: options.concurrency ?? 4,
    stopMarginMs: 2000,
    service: 'hostile',
  });
  const invoke = (event: SQSEvent) =>
    handler(
      event,
      lambdaContextFactory({ remainingMs: 60_000, awsRequestId: 'hostile' }),
    ) as Promise<SQSBatchResponse>;
  return { invoke, observed };
};

export type { Observed };
export { createHarness };
