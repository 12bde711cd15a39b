import type { Verdict } from './verdict.js';

/**
 * CloudWatch embedded metric format (EMF): one JSON log line per task per batch, which CloudWatch turns
 * into metrics with no SDK call and no extra latency.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

type TaskTally = { processed: number; failed: number; deadLettered: number; durationMs: number };
type TaskEntry = TaskTally & { task: string; first: number };

const NAMESPACE = 'WorkerTier';

/**
 * Counts verdicts per task as they arrive, so a batch need not keep every verdict until it ends; messages
 * that never reached a task count under `unrouted`. `Failed` is every message neither processed nor
 * dead-lettered, including an unknown task deleted by policy. Tasks are listed in the order of the first
 * message that reached each (the record order, whatever order the messages finished in).
 */
class VerdictTally {
  /**
   * One entry per task, in the order each was first seen. A list, not a Map: a batch reaches one task or
   * a few (at most the registered ones and `unrouted`), and a Map per batch cost more than the scan.
   */
  readonly #entries: TaskEntry[] = [];

  /** `position`: the message's place in its batch. */
  add({ action, outcome }: Verdict, position: number): void {
    const task = outcome.task ?? 'unrouted';
    let entry = this.#entries.find((candidate) => candidate.task === task);
    if (!entry) {
      entry = { task, processed: 0, failed: 0, deadLettered: 0, durationMs: 0, first: position };
      this.#entries.push(entry);
    }
    if (action === 'ack') entry.processed++;
    else if (action === 'dead-lettered') entry.deadLettered++;
    else entry.failed++;
    entry.durationMs += outcome.durationMs;
    entry.first = Math.min(entry.first, position);
  }

  /** EMF documents, ready to `JSON.stringify` onto stdout. */
  documents(options: { service: string; timestamp: number }) {
    return this.#ordered().map((entry) => document(entry.task, entry, options));
  }

  /** The same documents as JSON lines, byte for byte `JSON.stringify(document)` (see documentLine). */
  lines(options: { service: string; timestamp: number }): string[] {
    return this.#ordered().map((entry) => documentLine(entry.task, entry, options));
  }

  /**
   * By each task's first message in the batch. Sorted in place, not copied: a batch's tally is read once,
   * and a copy of the Map's pairs cost more than the sort of its usual one task.
   */
  #ordered(): readonly TaskEntry[] {
    return this.#entries.sort((a, b) => a.first - b.first);
  }
}

/** The directive part of every document (a new one each time: callers may change what they get). */
function cloudWatchMetrics() {
  return [
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
  ];
}

/** The same directive, serialized once for documentLine. */
const CLOUDWATCH_METRICS_JSON = JSON.stringify(cloudWatchMetrics());

function document(task: string, counts: TaskTally, options: { service: string; timestamp: number }) {
  return {
    _aws: { Timestamp: options.timestamp, CloudWatchMetrics: cloudWatchMetrics() },
    Service: options.service,
    Task: task,
    Processed: counts.processed,
    Failed: counts.failed,
    DeadLettered: counts.deadLettered,
    Duration: counts.durationMs,
  };
}

/** A number as JSON.stringify writes it (a non-finite one becomes null). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * `JSON.stringify(document(task, counts, options))`, written out: the SQS worker emits one per batch, and
 * building then serializing the nested document cost about a tenth of a no-op batch. Same keys, same order.
 */
function documentLine(task: string, counts: TaskTally, options: { service: string; timestamp: number }) {
  return (
    `{"_aws":{"Timestamp":${jsonNumber(options.timestamp)},"CloudWatchMetrics":${CLOUDWATCH_METRICS_JSON}},` +
    `"Service":${JSON.stringify(options.service)},"Task":${JSON.stringify(task)},` +
    `"Processed":${jsonNumber(counts.processed)},"Failed":${jsonNumber(counts.failed)},` +
    `"DeadLettered":${jsonNumber(counts.deadLettered)},"Duration":${jsonNumber(counts.durationMs)}}`
  );
}

/** EMF documents for one batch of verdicts (in batch order), ready to `JSON.stringify` onto stdout. */
function batchMetrics(verdicts: readonly Verdict[], options: { service: string; timestamp: number }) {
  const tally = new VerdictTally();
  verdicts.forEach((verdict, position) => {
    tally.add(verdict, position);
  });
  return tally.documents(options);
}

export { batchMetrics, VerdictTally };
