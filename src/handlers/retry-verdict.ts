import type { WorkerError } from '../core/errors.js';
import type { Verdict } from '../core/verdict.js';

/**
 * The verdict of a record the batch gives up on without running it to the end (still running at the
 * deadline, or skipped after an earlier failure in its FIFO group): left on the queue to be retried.
 * `task`: the task it was running, when it had started one (the metrics count it there).
 */
function retryVerdict(error: WorkerError, task?: string): Verdict {
  // Stryker disable next-line StringLiteral: readers only ask whether a verdict is acked or its outcome ok, and '' is neither either
  return { action: 'retry', outcome: { status: 'retry', task, durationMs: 0, error } };
}

export { retryVerdict };
