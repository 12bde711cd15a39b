import type { Socket } from 'node:net';

/** A request in flight on a connection, told when the connection closes before it is answered. */
interface ConnectionPost {
  /** The next request in flight on the same connection (pipelined requests make it more than one). */
  nextOnConnection: ConnectionPost | undefined;
  /** The connection closed first: sqsd gave up (its InactivityTimeout), the client went away or a timeout cut it. */
  connectionClosed(): void;
}

const POSTS = Symbol('posts');
/** Undefined: not watched yet. Null: watched, nothing in flight. */
type WatchedSocket = Socket & { [POSTS]?: ConnectionPost | null };

/** One shared listener per connection (`this` is the socket), not a 'close' listener per request and response. */
function onSocketClose(this: WatchedSocket) {
  let post = this[POSTS] ?? undefined;
  this[POSTS] = null;
  while (post !== undefined) {
    const next = post.nextOnConnection;
    post.connectionClosed();
    post = next;
  }
}

/**
 * Tells `post` if its connection closes before `forgetPost` is called. A closed connection is the only way
 * a server request or response ends early, and sqsd reuses its connections, so one listener per connection
 * serves all its requests.
 */
function watchPost(socket: Socket, post: ConnectionPost): void {
  const watched = socket as WatchedSocket;
  const head = watched[POSTS];
  if (head === undefined) watched.on('close', onSocketClose);
  post.nextOnConnection = head ?? undefined;
  watched[POSTS] = post;
}

/** `post` was answered (or refused): its connection closing no longer concerns it. */
function forgetPost(socket: Socket, post: ConnectionPost): void {
  const watched = socket as WatchedSocket;
  let previous: ConnectionPost | undefined;
  for (let entry = watched[POSTS] ?? undefined; entry !== undefined; entry = entry.nextOnConnection) {
    if (entry === post) {
      if (previous === undefined) watched[POSTS] = post.nextOnConnection ?? null;
      else previous.nextOnConnection = post.nextOnConnection;
      return;
    }
    previous = entry;
  }
}

export type { ConnectionPost };
export { forgetPost, watchPost };
