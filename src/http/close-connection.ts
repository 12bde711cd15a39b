import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a closing reply gets to reach a client before its socket is destroyed anyway. */
const CLOSE_GRACE_MS = 1000;

/**
 * Ends the connection once the reply is flushed, and at the latest after CLOSE_GRACE_MS (a stalled client
 * may never read it). Destroying the socket ends the request stream, so any body read so far is dropped.
 */
function closeConnection(request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket;
  const destroy = () => socket.destroy();
  if (response.writableFinished) setImmediate(destroy);
  else response.once('finish', () => setImmediate(destroy));
  setTimeout(destroy, CLOSE_GRACE_MS).unref();
}

export { closeConnection };
