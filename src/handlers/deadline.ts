import { setMaxListeners } from 'node:events';
import type { Context } from 'aws-lambda';
import { LazySignal } from '../core/lazy-signal.js';

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
  /** Built as a real AbortSignal only when a task or a call reads it (see LazySignal). */
  stop: LazySignal;
  settle: LazySignal;
  /**
   * Calls `listener` once when `settle` aborts (at once if it already has). One listener, a callback and
   * not a promise: a promise to race cost a no-op batch four promises and three closures it never used.
   */
  onSettle: (listener: () => void) => void;
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

/** Every task and every SDK call in flight may listen (WORKER_CONCURRENCY of them and more): not a leak. */
function uncapped(signal: AbortSignal): void {
  setMaxListeners(0, signal);
}

/**
 * Deadlines listening on each outer signal. middy hands every invocation the same long-lived signal:
 * one listener per signal, for its lifetime, fans out to the batches in flight (adding and removing an
 * EventTarget listener per batch cost more than the rest of a no-op batch; `AbortSignal.any` leaks a
 * little per call against a long-lived signal on Node 20).
 */
const listening = new WeakMap<AbortSignal, Set<() => void>>();

function onOuterAbort(outer: AbortSignal, abort: () => void): () => void {
  let deadlines = listening.get(outer);
  if (!deadlines) {
    const set = new Set<() => void>();
    deadlines = set;
    listening.set(outer, set);
    // A signal aborts once: the listener needs no `once`, and goes with the signal.
    outer.addEventListener('abort', () => {
      for (const abortOne of set) abortOne();
    });
  }
  deadlines.add(abort);
  const set = deadlines;
  return () => set.delete(abort);
}

/**
 * The invocation's two moments from the Lambda context's remaining time, with one timer at a time (the
 * settle timer is armed when stop fires). Without a context (tests, the local tier) only the outer
 * signal aborts.
 */
function createDeadline(context: Context | undefined, stopMarginMs: number, outer?: AbortSignal): Deadline {
  const stop = new LazySignal(uncapped);
  const settle = new LazySignal(uncapped);
  let listener: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let forget: (() => void) | undefined;
  const settleNow = () => {
    // The outer signal and the timer may both come: the listener hears the first only.
    // Stryker disable next-line ConditionalExpression: a second call finds every record settled, so the worker's listener changes nothing; the scheduled handler has no outer signal
    if (settle.aborted) return;
    stop.abort();
    settle.abort();
    listener?.();
  };
  const onSettle = (settled: () => void) => {
    if (settle.aborted) settled();
    else listener = settled;
  };
  const clear = () => {
    clearTimeout(timer);
    forget?.();
  };
  if (outer?.aborted) settleNow();
  else if (outer) forget = onOuterAbort(outer, settleNow);
  const remaining = context?.getRemainingTimeInMillis?.();
  // Armed even when the outer signal has already settled everything: the timers then abort nothing new.
  if (typeof remaining === 'number') {
    const settleAt = Date.now() + remaining - settleReserveMs(stopMarginMs);
    // A settle moment already past fires on the next turn: stop has aborted, so nothing starts meanwhile.
    const armSettle = () => {
      // Stryker disable next-line MethodExpression: Node 20 clamps a negative delay to 1 ms too (newer Nodes also warn, hence the max)
      timer = setTimeout(settleNow, Math.max(0, settleAt - Date.now()));
    };
    const stopIn = remaining - stopMarginMs;
    if (stopIn <= 0) {
      stop.abort();
      armSettle();
    } else {
      timer = setTimeout(() => {
        stop.abort();
        armSettle();
      }, stopIn);
    }
  }
  return {
    stop,
    settle,
    onSettle,
    graceMs: Math.min(100, Math.floor(settleReserveMs(stopMarginMs) / 2)),
    clear,
  };
}

export type { Deadline };
export { createDeadline, settleReserveMs, sqsTimeouts };
