import { setMaxListeners } from 'node:events';
import type { Context } from 'aws-lambda';
import { LazySignal } from '../core/lazy-signal.js';

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
const listening = new WeakMap<AbortSignal, Set<Deadline>>();

function listenersOf(outer: AbortSignal): Set<Deadline> {
  let deadlines = listening.get(outer);
  if (!deadlines) {
    const set = new Set<Deadline>();
    deadlines = set;
    listening.set(outer, set);
    // A signal aborts once: the listener needs no `once`, and goes with the signal.
    outer.addEventListener('abort', () => {
      for (const deadline of set) deadline.settleNow();
    });
  }
  return deadlines;
}

/**
 * The invocation's time budget, shared by the SQS worker and the scheduled runner
 * (docs/design.md, "Deadlines"). Two moments before the Lambda timeout:
 *
 * - `stop`, `stopMarginMs` before it: no new record starts, and tasks see their signal abort.
 * - `settle`, `settleReserveMs(stopMarginMs)` before it: the invocation must return now. In-flight SDK
 *   calls (DLQ sends, visibility changes) are aborted, the rest of the visibility work is skipped, and
 *   records still running are reported for retry, so the successes are reported before middy's own
 *   timeout would report every record failed.
 *
 * Built from the Lambda context's remaining time, with one timer at a time (the settle timer is armed
 * when stop fires). Without a context (tests, the local tier) only the outer signal aborts. A class, not
 * a closure per moment: a batch built five closures and a context for a deadline that nearly never fires.
 */
class Deadline {
  /** Built as a real AbortSignal only when a task or a call reads it (see LazySignal). */
  readonly stop = new LazySignal(uncapped);
  readonly settle = new LazySignal(uncapped);
  /** After `settle`, how long aborted calls get to reject and be logged before the response is built. */
  readonly graceMs: number;
  #listener: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #outer: Set<Deadline> | undefined;
  #settleAt = 0;

  constructor(context: Context | undefined, stopMarginMs: number, outer?: AbortSignal) {
    this.graceMs = Math.min(100, Math.floor(settleReserveMs(stopMarginMs) / 2));
    if (outer?.aborted) this.settleNow();
    else if (outer) {
      this.#outer = listenersOf(outer);
      this.#outer.add(this);
    }
    const remaining = context?.getRemainingTimeInMillis?.();
    // Armed even when the outer signal has already settled everything: the timers then abort nothing new.
    if (typeof remaining === 'number') {
      this.#settleAt = Date.now() + remaining - settleReserveMs(stopMarginMs);
      const stopIn = remaining - stopMarginMs;
      // setTimeout's own argument, not a closure: the callbacks are shared by every deadline.
      if (stopIn <= 0) stopNow(this);
      else this.#timer = setTimeout(stopNow, stopIn, this);
    }
  }

  /**
   * Calls `listener` once when `settle` aborts (at once if it already has). One listener, a callback and
   * not a promise: a promise to race cost a no-op batch four promises and three closures it never used.
   */
  onSettle(listener: () => void): void {
    if (this.settle.aborted) listener();
    else this.#listener = listener;
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#outer?.delete(this);
  }

  /** Stop, then arm the settle timer. */
  stopNow(): void {
    this.stop.abort();
    // A settle moment already past fires on the next turn: stop has aborted, so nothing starts meanwhile.
    // Stryker disable next-line MethodExpression: Node 20 clamps a negative delay to 1 ms too (newer Nodes also warn, hence the max)
    this.#timer = setTimeout(settleNow, Math.max(0, this.#settleAt - Date.now()), this);
  }

  settleNow(): void {
    // The outer signal and the timer may both come: the listener hears the first only.
    // Stryker disable next-line ConditionalExpression: a second call finds every record settled, so the worker's listener changes nothing; the scheduled handler has no outer signal
    if (this.settle.aborted) return;
    this.stop.abort();
    this.settle.abort();
    this.#listener?.();
  }
}

function stopNow(deadline: Deadline): void {
  deadline.stopNow();
}

function settleNow(deadline: Deadline): void {
  deadline.settleNow();
}

function createDeadline(context: Context | undefined, stopMarginMs: number, outer?: AbortSignal): Deadline {
  return new Deadline(context, stopMarginMs, outer);
}

export type { Deadline };
export { createDeadline, settleReserveMs, sqsTimeouts };
