import type { IncomingMessage, ServerResponse } from 'node:http';
import { LazySignal } from '../core/lazy-signal.js';
import type { DeadlineEntry } from './deadline-queue.js';

/**
 * One POST the adapter is working on: everything its timeout needs, in one object that is also its entry
 * in the deadline queue, instead of a timer and a closure per request.
 */
class PendingPost implements DeadlineEntry {
  /** Built as a real AbortSignal only if the task reads it: most requests finish without. */
  readonly signal = new LazySignal();
  /** Set when the deadline answered 500: the task's own verdict is then only logged. */
  timedOut = false;
  deadline = 0;
  previous: DeadlineEntry | undefined = undefined;
  next: DeadlineEntry | undefined = undefined;
  queued = false;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    /** The request target as sent. */
    readonly target: string,
    readonly messageId: string,
    /** When the POST arrived, on the app's clock. */
    readonly started: number,
  ) {}
}

export { PendingPost };
