import { setMaxListeners } from 'node:events';
import type { Context } from 'aws-lambda';

/**
 * The invocation's time budget, shared by the SQS worker and the scheduled runner
 * (docs/design.md, "Deadlines"). Two moments before the Lambda timeout:
 *
 * - `stop`, `stopMarginMs` before it: no new record starts, and tasks see their signal abort.
 * - `settle`, `settleReserveMs(stopMarginMs)` before it: the invocation must return now. In-flight SDK
 *   calls (DLQ sends, visibility changes) are aborted, the rest of the visibility work is skipped, and
 *   records still running are reported for retry, so the successes are reported before middy's own
 *   timeout would report every record failed.
 */
type Deadline = {
  stop: AbortSignal;
  settle: AbortSignal;
  /** After `settle`, how long aborted calls get to reject and be logged before the response is built. */
  graceMs: number;
  clear: () => void;
};

/** What stays after `settle` to build and return the response: a quarter of the margin, at most 500 ms. */
function settleReserveMs(stopMarginMs: number): number {
  return Math.min(Math.floor(stopMarginMs / 4), 500);
}

/**
 * Per-attempt limits for the SQS client, so one hung connection cannot use the whole margin: the SDK
 * retries a timed-out attempt, and the settle signal bounds the retries.
 */
function sqsTimeouts(stopMarginMs: number): { requestTimeoutMs: number; connectionTimeoutMs: number } {
  return {
    requestTimeoutMs: Math.max(250, Math.floor(stopMarginMs / 2)),
    connectionTimeoutMs: Math.max(100, Math.min(1000, Math.floor(stopMarginMs / 4))),
  };
}

/** Aborts `controller` after `delayMs`, at once when the delay is not positive; returns the timer. */
function abortAfter(controller: AbortController, delayMs: number): ReturnType<typeof setTimeout> | undefined {
  if (delayMs <= 0) {
    controller.abort();
    return undefined;
  }
  return setTimeout(() => controller.abort(), delayMs);
}

/**
 * Forwarding middy's signal by listener, not `AbortSignal.any`: middy hands every invocation the same
 * long-lived signal, and on Node 20 `any` leaks a little per call against it. Without a context (tests,
 * the local tier) only the outer signal aborts.
 */
function createDeadline(context: Context | undefined, stopMarginMs: number, outer?: AbortSignal): Deadline {
  const stop = new AbortController();
  const settle = new AbortController();
  // Every task and every SDK call in flight listens on these (WORKER_CONCURRENCY of them and more):
  // not a leak, so no MaxListenersExceededWarning.
  setMaxListeners(0, stop.signal, settle.signal);
  const abortBoth = () => {
    stop.abort();
    settle.abort();
  };
  if (outer?.aborted) abortBoth();
  outer?.addEventListener('abort', abortBoth, { once: true });
  const remaining = context?.getRemainingTimeInMillis?.();
  const timers =
    typeof remaining === 'number' && !settle.signal.aborted
      ? [
          abortAfter(stop, remaining - stopMarginMs),
          abortAfter(settle, remaining - settleReserveMs(stopMarginMs)),
        ]
      : [];
  return {
    stop: stop.signal,
    settle: settle.signal,
    graceMs: Math.min(100, Math.floor(settleReserveMs(stopMarginMs) / 2)),
    clear: () => {
      for (const timer of timers) clearTimeout(timer);
      outer?.removeEventListener('abort', abortBoth);
    },
  };
}

/** Resolves when `signal` aborts (at once if it already has); never rejects. */
function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export type { Deadline };
export { createDeadline, settleReserveMs, sqsTimeouts, whenAborted };
