import type { IncomingMessage, ServerResponse } from 'node:http';
import { LazySignal } from '../core/lazy-signal.js';
import type { BodyRead, BodyResult } from './body.js';
import type { DeadlineEntry } from './deadline-queue.js';
import type { SqsdRequest } from './sqsd-delivery.js';
import type { SqsdHeaders } from './sqsd-headers.js';

/**
 * One POST the adapter is working on: everything its body read, its task and its timeout need, in one
 * object that is also its entry in the deadline queue and its body reader's state, instead of a timer,
 * a promise and closures per request.
 */
class PendingPost implements DeadlineEntry, BodyRead, SqsdRequest {
  /** Built as a real AbortSignal only if the task reads it: most requests finish without. */
  readonly signal = new LazySignal();
  /** Set when the deadline answered 500: the task's own verdict is then only logged. */
  timedOut = false;
  deadline = 0;
  previous: DeadlineEntry | undefined = undefined;
  next: DeadlineEntry | undefined = undefined;
  queued = false;
  chunks: Buffer[] = [];
  received = 0;
  settled = false;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    /** The request target as sent. */
    readonly target: string,
    readonly headers: SqsdHeaders,
    readonly periodic: SqsdRequest['periodic'],
    readonly messageId: string,
    /** When the POST arrived, on the app's clock. */
    readonly started: number,
    readonly limitBytes: number,
    readonly onBody: (post: PendingPost, result: BodyResult) => void,
  ) {}
}

export { PendingPost };
