import type { WorkerError } from '../core/errors.js';
import { VerdictTally } from '../core/metrics.js';
import type { Verdict } from '../core/verdict.js';
import { failureOf } from './failure-of.js';

const RUNNING = 2;
const DONE = 1;

/**
 * What one batch remembers while it runs: which records have a verdict, the tally for the metrics, and
 * the verdicts of failures only. A success is counted and forgotten, so a 10,000-record batch does not
 * hold every Delivery, WorkMessage and verdict until it returns.
 */
class BatchState {
  readonly tally = new VerdictTally();
  /**
   * The error of each record left on the queue (retried or rejected), by its index in the batch. Made at
   * the first failure: most batches have none, and a Map cost a no-op batch more than its tally.
   */
  #failures: Map<number, WorkerError> | undefined;
  /**
   * Where each record is: not started (0), running (RUNNING) or with its verdict (DONE; processed,
   * failed, skipped, or given up at the deadline). A plain array: a typed array's backing store costs
   * more to allocate than a 10-record batch's whole state.
   */
  readonly #stage: number[];

  constructor(size: number) {
    // Stryker disable next-line ArrayDeclaration: presized and filled only to keep V8's packed elements; an empty array answers alike
    this.#stage = new Array<number>(size).fill(0);
  }

  /** The record was handed to processDelivery. */
  start(index: number): void {
    this.#stage[index] = RUNNING;
  }

  isRunning(index: number): boolean {
    return this.#stage[index] === RUNNING;
  }

  isDone(index: number): boolean {
    return this.#stage[index] === DONE;
  }

  /** The error a record was left on the queue with, if it was. */
  failure(index: number): WorkerError | undefined {
    return this.#failures?.get(index);
  }

  /** Whether any record was left on the queue. */
  hasFailures(): boolean {
    return this.#failures !== undefined;
  }

  /** The first verdict of a record counts; a record finishing after the deadline gave up on it does not. */
  record(index: number, verdict: Verdict): void {
    if (this.#stage[index] === DONE) return;
    this.#stage[index] = DONE;
    this.tally.add(verdict, index);
    const error = failureOf(verdict);
    // Stryker disable next-line ConditionalExpression: an acked verdict's error is undefined, and an undefined entry reads as no failure (only the hasFailures shortcut in worker-batch.ts sees it)
    if (error) {
      this.#failures ??= new Map();
      this.#failures.set(index, error);
    }
  }
}

export { BatchState };
