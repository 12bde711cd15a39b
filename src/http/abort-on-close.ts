import type { ServerResponse } from 'node:http';
import { RetryableError } from '../core/errors.js';

const ABORT = Symbol('abort');
const MESSAGE_ID = Symbol('messageId');
type AbortableResponse = ServerResponse & { [ABORT]?: AbortController; [MESSAGE_ID]?: string };

/**
 * A response closed before its reply was written: sqsd gave up (its InactivityTimeout) or the connection
 * broke, so the task is aborted. One shared listener (`this` is the response) instead of a closure per
 * request; the request's controller rides on the response.
 */
function abortOnClose(this: AbortableResponse) {
  const controller = this[ABORT];
  if (controller !== undefined && !this.writableFinished) {
    controller.abort(new RetryableError('client closed the connection', { messageId: this[MESSAGE_ID] }));
  }
}

/** Aborts `controller` if `response` closes before its reply is written. */
function abortWhenClosedEarly(response: ServerResponse, controller: AbortController, messageId: string) {
  (response as AbortableResponse)[ABORT] = controller;
  (response as AbortableResponse)[MESSAGE_ID] = messageId;
  response.on('close', abortOnClose);
}

export { abortWhenClosedEarly };
