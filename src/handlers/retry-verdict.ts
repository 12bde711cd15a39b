import type { WorkerError } from '../core/errors.js';
import type { Verdict } from '../core/verdict.js';

/**
 * The verdict of a record the batch gives up on without running it to the end (still running at the
 * deadline, or skipped after an earlier failure in its FIFO group): left on the queue to be retried.
 */
function retryVerdict(error: WorkerError): Verdict {
  // Stryker disable next-line StringLiteral: readers only ask whether a verdict is acked or its outcome ok, and '' is neither either
  return { action: 'retry', outcome: { status: 'retry', durationMs: 0, error } };
}

export { retryVerdict };
