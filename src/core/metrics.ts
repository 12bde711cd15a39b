import type { Verdict } from './process-delivery.js';

/**
 * CloudWatch embedded metric format (EMF): one JSON log line per task per batch, which CloudWatch turns
 * into metrics with no SDK call and no extra latency.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

type TaskTally = { processed: number; failed: number; deadLettered: number; durationMs: number };

const NAMESPACE = 'WorkerTier';

/**
 * Counts verdicts per task; messages that never reached a task count under `unrouted`. `Failed` is every
 * message neither processed nor dead-lettered, including an unknown task deleted by policy.
 */
function tally(verdicts: readonly Verdict[]): Map<string, TaskTally> {
  const byTask = new Map<string, TaskTally>();
  for (const { action, outcome } of verdicts) {
    const task = outcome.task ?? 'unrouted';
    const entry = byTask.get(task) ?? { processed: 0, failed: 0, deadLettered: 0, durationMs: 0 };
    if (action === 'ack') entry.processed++;
    else if (action === 'dead-lettered') entry.deadLettered++;
    else entry.failed++;
    entry.durationMs += outcome.durationMs;
    byTask.set(task, entry);
  }
  return byTask;
}

/** EMF documents for one batch, ready to `JSON.stringify` onto stdout. */
function batchMetrics(verdicts: readonly Verdict[], options: { service: string; timestamp: number }) {
  return [...tally(verdicts)].map(([task, counts]) => ({
    _aws: {
      Timestamp: options.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: NAMESPACE,
          Dimensions: [['Service', 'Task']],
          Metrics: [
            { Name: 'Processed', Unit: 'Count' },
            { Name: 'Failed', Unit: 'Count' },
            { Name: 'DeadLettered', Unit: 'Count' },
            { Name: 'Duration', Unit: 'Milliseconds' },
          ],
        },
      ],
    },
    Service: options.service,
    Task: task,
    Processed: counts.processed,
    Failed: counts.failed,
    DeadLettered: counts.deadLettered,
    Duration: counts.durationMs,
  }));
}

export { batchMetrics };
