import type { WorkerError } from '../core/errors.js';
import { VerdictTally } from '../core/metrics.js';
import type { Verdict } from '../core/verdict.js';
import { failureOf } from './failure-of.js';

/**
 * What one batch remembers while it runs: which records have a verdict, the tally for the metrics, and
 * the verdicts of failures only. A success is counted and forgotten, so a 10,000-record batch does not
 * hold every Delivery, WorkMessage and verdict until it returns.
 */
class BatchState {
  readonly tally = new VerdictTally();
  /** The error of each record left on the queue (retried or rejected), by its index in the batch. */
  readonly failures = new Map<number, WorkerError>();
  /**
   * 1 once a record has its verdict (processed, failed, skipped, or given up at the deadline). A plain
   * array: a typed array's backing store costs more to allocate than a 10-record batch's whole state.
   */
  readonly #done: number[];

  constructor(size: number) {
    // Stryker disable next-line ArrayDeclaration: presized and filled only to keep V8's packed elements; an empty array answers isDone alike
    this.#done = new Array<number>(size).fill(0);
  }

  isDone(index: number): boolean {
    return this.#done[index] === 1;
  }

  /** The first verdict of a record counts; a record finishing after the deadline gave up on it does not. */
  record(index: number, verdict: Verdict): void {
    if (this.#done[index] === 1) return;
    this.#done[index] = 1;
    this.tally.add(verdict, index);
    const error = failureOf(verdict);
    // Stryker disable next-line ConditionalExpression: an acked verdict's error is undefined, and an undefined entry reads as no failure (only the size > 0 shortcut in worker-batch.ts counts it)
    if (error) this.failures.set(index, error);
  }
}

export { BatchState };
