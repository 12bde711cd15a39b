import { VerdictTally } from '../core/metrics.js';
import type { Verdict } from '../core/process-delivery.js';

/**
 * EMF for a long-running process (the HTTP adapter): instead of one JSON document per request, the
 * verdicts of an interval are summed into one document per task and written when the interval ends and
 * at stop, as Powertools Metrics does outside Lambda. The documents are the ones the Lambda worker writes
 * per batch (`batchMetrics`, same namespace, dimensions and metric names), so dashboards and alarms read
 * both alike; only how many messages one document covers differs. docs/design.md, "Metrics".
 */

type IntervalMetricsOptions = {
  /** Writes one EMF document (a JSON line). */
  emit: (line: string) => void;
  /** Metrics `Service` dimension. */
  service: string;
  /** How long verdicts are summed before their documents are written; `0` writes one per verdict. */
  intervalMs: number;
  /** Called when emitting throws: metrics are best effort and never fail a message. */
  onError: (error: unknown) => void;
  now?: () => Date;
};

type IntervalMetrics = {
  /** Counts one verdict into the current interval. Never throws. */
  record: (verdict: Verdict) => void;
  /** Writes the current interval's documents now (timestamped now) and starts a new interval. */
  flush: () => void;
  /** Flushes and stops the interval timer; later verdicts are written one document each. */
  close: () => void;
};

function createIntervalMetrics(options: IntervalMetricsOptions): IntervalMetrics {
  const now = options.now ?? (() => new Date());
  // Counts per task, not a document per verdict: the documents are built once, when the interval ends.
  let pending = new VerdictTally();
  let counted = 0;
  let perVerdict = options.intervalMs <= 0;
  let timer: NodeJS.Timeout | undefined;

  function flush() {
    if (counted === 0) return;
    const tally = pending;
    pending = new VerdictTally();
    counted = 0;
    for (const line of tally.lines({ service: options.service, timestamp: now().getTime() })) {
      try {
        options.emit(line);
      } catch (error) {
        options.onError(error);
      }
    }
  }

  function record(verdict: Verdict) {
    try {
      pending.add(verdict, counted++);
    } catch (error) {
      options.onError(error);
    }
    if (perVerdict) flush();
  }

  function close() {
    perVerdict = true;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    flush();
  }

  if (!perVerdict) {
    // Unref'd: the interval never keeps a stopped server's process alive; close() writes the last one.
    timer = setInterval(flush, options.intervalMs);
    timer.unref();
  }
  return { record, flush, close };
}

export type { IntervalMetrics, IntervalMetricsOptions };
export { createIntervalMetrics };
