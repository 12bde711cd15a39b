import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream';

/** How long a closing reply gets to reach a client before its socket is destroyed anyway. */
const CLOSE_GRACE_MS = 1000;

/** How long a refused upload may go on sending after its 413, so its client can read the reply. */
const LINGER_MS = 2000;

/** How many more body bytes a refused upload may send (and the adapter read and drop) meanwhile. */
const LINGER_BYTES = 8 * 1024 * 1024;

/**
 * Ends the connection once the reply is flushed (at once if it already is, as a small reply usually is),
 * and at the latest after CLOSE_GRACE_MS. Destroying the socket ends the request stream, so any body read
 * so far is dropped.
 */
function closeConnection(request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket;
  const destroy = () => socket.destroy();
  finished(response, () => setImmediate(destroy));
  // Stryker disable next-line all: a reply of a few hundred bytes fits the socket's send buffer, so 'finish' comes at once on any connection a test can make; this only guards a client whose receive window stays shut.
  setTimeout(destroy, CLOSE_GRACE_MS).unref();
}

/**
 * For a reply that refuses a body still arriving (413, `Connection: close`): a lingering close. Destroying
 * the socket with input unread makes the kernel answer the client's next bytes with RST, and a client
 * still uploading then fails with EPIPE or ECONNRESET without ever reading the 413. So the socket is only
 * half-closed once the reply is written, and input is read and dropped until the client closes, LINGER_MS
 * pass or LINGER_BYTES more arrive, whichever comes first: the limit still bounds what is read.
 * Call it before the reply is written.
 */
function lingerClose(request: IncomingMessage): void {
  const socket = request.socket;
  // Node ends and destroys a `Connection: close` socket once its reply is written (socket.destroySoon);
  // when the socket has no destroySoon it only ends it, and the socket closes when the client closes.
  (socket as { destroySoon?: unknown }).destroySoon = undefined;
  const destroy = () => socket.destroy();
  let dropped = 0;
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) destroy();
  });
  request.resume();
  setTimeout(destroy, LINGER_MS).unref();
}

export { closeConnection, LINGER_BYTES, LINGER_MS, lingerClose };
