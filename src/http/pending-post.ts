import type { IncomingMessage, ServerResponse } from 'node:http';
import { RetryableError } from '../core/errors.js';
import { LazySignal } from '../core/lazy-signal.js';
import { abortBody, type BodyRead, type BodyResult } from './body.js';
import type { ConnectionPost } from './connection-posts.js';
import type { DeadlineEntry } from './deadline-queue.js';
import type { SqsdRequest } from './sqsd-delivery.js';
import type { SqsdHeaders } from './sqsd-headers.js';

/**
 * One POST the adapter is working on: everything its body read, its task and its timeout need, in one
 * object that is also its entry in the deadline queue, its body reader's state and its connection's
 * record of what is in flight, instead of a timer, a promise and closures per request.
 */
class PendingPost implements DeadlineEntry, BodyRead, SqsdRequest, ConnectionPost {
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
  expected = 0;
  settled = false;
  nextOnConnection: ConnectionPost | undefined = undefined;

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

  /** The connection closed before the reply: the body read is dropped, or the task is aborted. */
  connectionClosed(): void {
    if (!this.settled) abortBody(this);
    else this.signal.abort(new RetryableError('client closed the connection', { messageId: this.messageId }));
  }
}

export { PendingPost };
