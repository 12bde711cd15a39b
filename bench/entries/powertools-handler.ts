import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * The Powertools way to write the same worker, for the cold-start comparison: BatchProcessor for partial
 * batch responses, Logger for JSON logs, Metrics for EMF. It routes JSON bodies by `type` to small tasks
 * like ours, so the bundle carries the same kind of application code.
 */
const logger = new Logger({ serviceName: 'worker-tier' });
const metrics = new Metrics({ namespace: 'WorkerTier', serviceName: 'worker-tier' });
const processor = new BatchProcessor(EventType.SQS);

type Task = (payload: Record<string, unknown>) => Promise<void>;

const tasks: Record<string, Task> = {
  test: async (payload) => logger.info('test message received', { payload }),
  user_signup: async (payload) => {
    if (typeof payload.userId !== 'string') throw new Error('userId: expected a non-empty string');
    logger.info('welcome email queued', { userId: payload.userId });
  },
};

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const payload = JSON.parse(record.body) as Record<string, unknown>;
  const type = typeof payload.type === 'string' ? payload.type : '';
  const task = Object.hasOwn(tasks, type) ? tasks[type] : undefined;
  if (!task) throw new Error(`no task for route '${type}'`);
  await task(payload);
  metrics.addMetric('Processed', MetricUnit.Count, 1);
};

export const handler = async (event: SQSEvent, context: Context) => {
  try {
    return await processPartialResponse(event, recordHandler, processor, { context });
  } finally {
    metrics.publishStoredMetrics();
  }
};
