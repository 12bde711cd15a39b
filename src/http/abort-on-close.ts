import type { ServerResponse } from 'node:http';
import { RetryableError } from '../core/errors.js';
import type { LazySignal } from '../core/lazy-signal.js';

const ABORT = Symbol('abort');
const MESSAGE_ID = Symbol('messageId');
type AbortableResponse = ServerResponse & { [ABORT]?: LazySignal; [MESSAGE_ID]?: string };

/**
 * A response closed before its reply was written: sqsd gave up (its InactivityTimeout) or the connection
 * broke, so the task is aborted. One shared listener (`this` is the response) instead of a closure per
 * request; the request's signal rides on the response.
 */
function abortOnClose(this: AbortableResponse) {
  if (!this.writableFinished) {
    // Set before this listener was added.
    const signal = this[ABORT] as LazySignal;
    signal.abort(new RetryableError('client closed the connection', { messageId: this[MESSAGE_ID] }));
  }
}

/** Aborts `signal` if `response` closes before its reply is written. */
function abortWhenClosedEarly(response: ServerResponse, signal: LazySignal, messageId: string) {
  (response as AbortableResponse)[ABORT] = signal;
  (response as AbortableResponse)[MESSAGE_ID] = messageId;
  response.on('close', abortOnClose);
}

export { abortWhenClosedEarly };
