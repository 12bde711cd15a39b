import { describe, expect, it } from 'vitest';
import { MalformedMessageError, ValidationError } from '../../src/core/errors.js';
import type { WorkMessage } from '../../src/core/message.js';
import { batchMetrics } from '../../src/core/metrics.js';
import type { Action, Verdict } from '../../src/core/process-delivery.js';

const message = {} as WorkMessage;

const verdict = (action: Action, task: string | undefined, durationMs: number): Verdict =>
  action === 'ack' && task
    ? { action, outcome: { status: 'ok', task, durationMs, message } }
    : {
        action,
        outcome: {
          status: action === 'retry' ? 'retry' : 'dead-letter',
          task,
          durationMs,
          error: task ? new ValidationError('email', 'bad') : new MalformedMessageError('bad'),
        },
      };

const verdicts = [
  verdict('ack', 'user_signup', 5),
  verdict('ack', 'user_signup', 7),
  verdict('dead-lettered', 'user_signup', 3),
  verdict('reject', 'order_processing', 2),
  verdict('retry', 'order_processing', 11),
  verdict('dead-lettered', undefined, 1),
];

/** Built inside each test (not in the describe body), so every test exercises the code it asserts on. */
const batchDocuments = () => batchMetrics(verdicts, { service: 'worker-tier', timestamp: 1_767_225_600_000 });

describe('batchMetrics: CloudWatch embedded metric format', () => {
  it('emits one document per task, with unrouted messages under `unrouted`', () => {
    const documents = batchDocuments();
    expect(documents.map((document) => document.Task)).toEqual([
      'user_signup',
      'order_processing',
      'unrouted',
    ]);
  });

  it('counts processed, failed (retry + reject) and dead-lettered, and sums durations', () => {
    const documents = batchDocuments();
    const counts = documents.map(({ Task, Processed, Failed, DeadLettered, Duration }) => ({
      Task,
      Processed,
      Failed,
      DeadLettered,
      Duration,
    }));

    expect(counts).toEqual([
      { Task: 'user_signup', Processed: 2, Failed: 0, DeadLettered: 1, Duration: 15 },
      { Task: 'order_processing', Processed: 0, Failed: 2, DeadLettered: 0, Duration: 13 },
      { Task: 'unrouted', Processed: 0, Failed: 0, DeadLettered: 1, Duration: 1 },
    ]);
  });

  it('has the EMF metadata: timestamp, namespace, dimension set and units', () => {
    const documents = batchDocuments();
    for (const document of documents) {
      expect(document._aws.Timestamp).toBe(1_767_225_600_000);
      expect(document._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: 'WorkerTier',
          Dimensions: [['Service', 'Task']],
          Metrics: [
            { Name: 'Processed', Unit: 'Count' },
            { Name: 'Failed', Unit: 'Count' },
            { Name: 'DeadLettered', Unit: 'Count' },
            { Name: 'Duration', Unit: 'Milliseconds' },
          ],
        },
      ]);
      expect(document.Service).toBe('worker-tier');
    }
  });

  it('every declared metric and dimension is a member of the document, as EMF requires', () => {
    type Directive = { Metrics: Array<{ Name: string }>; Dimensions: string[][] };
    for (const document of JSON.parse(JSON.stringify(batchDocuments())) as Array<Record<string, unknown>>) {
      const { CloudWatchMetrics } = document._aws as { CloudWatchMetrics: Directive[] };
      const declared = CloudWatchMetrics.flatMap((directive) =>
        directive.Metrics.map((metric) => metric.Name),
      );
      const dimensions = CloudWatchMetrics.flatMap((directive) => directive.Dimensions.flat());

      expect(declared).toHaveLength(4);
      for (const name of declared) expect(typeof document[name]).toBe('number');
      for (const key of dimensions) expect(typeof document[key]).toBe('string');
    }
  });

  it('an empty batch emits nothing', () => {
    expect(batchMetrics([], { service: 's', timestamp: 0 })).toEqual([]);
  });
});
