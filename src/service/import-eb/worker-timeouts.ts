import { ImportEbError, type SourceLocation } from './import-eb-error.js';

// Lambda's largest function timeout, in seconds.
const LAMBDA_MAX_TIMEOUT = 900;
// AWS's guidance for an SQS event source: queue visibility at least 6 × timeout + batching window.
const VISIBILITY_FACTOR = 6;

/**
 * The worker and scheduled function timeouts from sqsd's InactivityTimeout, the time sqsd gave one request.
 * The worker's is also kept within the queue's visibility (less the batching window): Lambda refuses a
 * mapping whose function could outlive the visibility, since the message would reappear mid-run.
 */
function workerTimeouts(
  inactivityTimeout: number,
  visibilityTimeout: number,
  maximumBatchingWindow: number,
  visibilitySource: SourceLocation | undefined,
): { worker: number; scheduled: number; why: string } {
  const room = visibilityTimeout - maximumBatchingWindow;
  if (room < 1) {
    throw new ImportEbError(
      visibilitySource,
      `VisibilityTimeout ${visibilityTimeout} leaves no time for a Lambda run after the ${maximumBatchingWindow} s batching window; the queue's visibility must exceed the function timeout`,
    );
  }
  const scheduled = Math.min(inactivityTimeout, LAMBDA_MAX_TIMEOUT);
  const worker = Math.min(scheduled, room);
  const reasons = [
    "sqsd's InactivityTimeout is idle time per request; a Lambda timeout is wall-clock time per invocation (the worker's batch runs its messages at once)",
    inactivityTimeout > LAMBDA_MAX_TIMEOUT
      ? `capped at Lambda's maximum of ${LAMBDA_MAX_TIMEOUT} s`
      : undefined,
    worker < scheduled
      ? `worker capped at VisibilityTimeout - maximumBatchingWindow = ${room} s so a message cannot reappear while it runs`
      : undefined,
    visibilityTimeout < VISIBILITY_FACTOR * worker + maximumBatchingWindow
      ? `VisibilityTimeout ${visibilityTimeout} is kept as EB had it, below AWS's recommended ${VISIBILITY_FACTOR} × timeout + window = ${VISIBILITY_FACTOR * worker + maximumBatchingWindow}; raise it if invocations get throttled`
      : undefined,
  ];
  return { worker, scheduled, why: reasons.filter((reason) => reason !== undefined).join('; ') };
}

export { workerTimeouts };
