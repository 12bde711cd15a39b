import type { ServerResponse } from 'node:http';
import { RetryableError } from '../core/errors.js';
import type { LazySignal } from '../core/lazy-signal.js';

/** What the listener needs of the request: its task's signal and its messageId. */
type Abortable = { readonly signal: LazySignal; readonly messageId: string };

const POST = Symbol('post');
type AbortableResponse = ServerResponse & { [POST]: Abortable };

/**
 * A response closed before its reply was written: sqsd gave up (its InactivityTimeout) or the connection
 * broke, so the task is aborted. One shared listener (`this` is the response) instead of a closure per
 * request; the request's state rides on the response.
 */
function abortOnClose(this: AbortableResponse) {
  if (!this.writableFinished) {
    const { signal, messageId } = this[POST];
    signal.abort(new RetryableError('client closed the connection', { messageId }));
  }
}

/** Aborts `post.signal` if `response` closes before its reply is written. */
function abortWhenClosedEarly(response: ServerResponse, post: Abortable) {
  (response as AbortableResponse)[POST] = post;
  response.on('close', abortOnClose);
}

export { abortWhenClosedEarly };
