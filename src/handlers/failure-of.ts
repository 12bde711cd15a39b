import type { FailedOutcome } from '../core/dispatch.js';
import type { WorkerError } from '../core/errors.js';
import { isAcked, type Verdict } from '../core/process-delivery.js';

/**
 * The error of a verdict that leaves the message to be retried (`retry`, `reject`), or undefined when the
 * message is acknowledged. processDelivery acknowledges every ok outcome, so the outcome of a verdict that
 * is not acknowledged is a failure: the cast states that rule once instead of a check no input can reach.
 */
function failureOf(verdict: Verdict): WorkerError | undefined {
  if (isAcked(verdict)) return undefined;
  return (verdict.outcome as FailedOutcome).error;
}

export { failureOf };
