import type { IncomingMessage } from 'node:http';

/** SQS's largest message (1 MiB since 2025); a bigger body cannot be an SQS message. */
const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Stateless between calls (no `stream` option), so one decoder serves every request. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type BodyResult =
  | { ok: true; body: string }
  | { ok: false; reason: 'too-large'; limitBytes: number; receivedBytes: number }
  | { ok: false; reason: 'not-utf8' }
  | { ok: false; reason: 'aborted' };

/**
 * One body being read. The caller's per-request object carries the reader's state and its callback, so
 * reading a body allocates no promise and no closure: the listeners are shared functions that find this
 * object on the request they are called on.
 */
interface BodyRead {
  readonly request: IncomingMessage;
  readonly limitBytes: number;
  /** The chunks read so far. */
  chunks: Buffer[];
  received: number;
  /** The declared Content-Length; -1 for a chunked body, whose end only 'end' tells. Set by readBody. */
  expected: number;
  /** Set once `onBody` has been called. */
  settled: boolean;
  /** Called once, with the first of: the whole body, the limit crossed, bytes not UTF-8, the connection closing. */
  readonly onBody: (read: this, result: BodyResult) => void;
}

const READ = Symbol('bodyRead');
type ReadRequest = IncomingMessage & { [READ]: BodyRead };

function settle<T extends BodyRead>(read: T, result: BodyResult) {
  if (read.settled) return;
  read.settled = true;
  read.onBody(read, result);
}

function onData(this: ReadRequest, chunk: Buffer) {
  const read = this[READ];
  // After a refusal the request is the caller's (a lingering close reads and drops the rest).
  if (read.settled) return;
  read.received += chunk.length;
  if (read.received > read.limitBytes) {
    this.pause();
    settle(read, {
      ok: false,
      reason: 'too-large',
      limitBytes: read.limitBytes,
      receivedBytes: read.received,
    });
    return;
  }
  read.chunks.push(chunk);
  if (read.received === read.expected) finish(read);
}

function onEnd(this: ReadRequest) {
  finish(this[READ]);
}

/** The whole body has arrived: decoded, or refused as not UTF-8. */
function finish(read: BodyRead) {
  const { chunks } = read;
  // A small body arrives in one chunk: decode it as is rather than copy it first.
  // Stryker disable next-line ConditionalExpression: Buffer.concat of the one chunk gives the same bytes; the shortcut only skips the copy.
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, read.received);
  let body: string;
  try {
    body = UTF8.decode(bytes);
  } catch {
    settle(read, { ok: false, reason: 'not-utf8' });
    return;
  }
  settle(read, { ok: true, body });
}

/**
 * The connection closed before the body ended: the client went away mid-body, or the request timed out;
 * nothing to answer. A no-op once the body was settled.
 */
function abortBody<T extends BodyRead>(read: T): void {
  settle(read, { ok: false, reason: 'aborted' });
}

/**
 * Reads the request body as UTF-8, stopping at `limitBytes`: a declared Content-Length over the limit is
 * refused before reading anything, and a chunked body is refused as soon as it crosses the limit. The
 * caller answers 413 and closes the connection, so the rest is never read. SQS bodies are Unicode text,
 * so bytes that are not UTF-8 are refused (`not-utf8`) rather than silently replaced with U+FFFD. When the
 * connection closes first (client gone, or the adapter's timeout destroyed it), what was read is dropped.
 * `read.onBody` is called once, possibly before this returns; call `abortBody` when the connection closes.
 */
function readBody<T extends BodyRead>(read: T): void {
  const { request } = read;
  const declared = declaredLength(request);
  const chunked = declared === -1;
  if (declared > read.limitBytes) {
    request.pause();
    settle(read, { ok: false, reason: 'too-large', limitBytes: read.limitBytes, receivedBytes: 0 });
    return;
  }
  read.expected = declared;
  if (declared === 0) {
    finish(read);
    return;
  }
  (request as ReadRequest)[READ] = read;
  // A body with a Content-Length is complete at its last byte; only a chunked one needs 'end'. The
  // listeners stay on: the request is dropped with its reply, and removing them cost more. No 'close' or
  // 'error' listener: the caller calls abortBody when the connection closes (the only way a server
  // request ends early), and Node emits 'error' on a server request only when one is listening.
  request.on('data', onData);
  if (chunked) request.on('end', onEnd);
}

/**
 * The body length the request announces: -1 for a chunked one (Transfer-Encoding), whose end only 'end'
 * tells; else its Content-Length, 0 without one (RFC 9112 §6.3; Node refuses a request that sends both,
 * and one whose Content-Length is not a number).
 */
function declaredLength(request: IncomingMessage): number {
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined ? -1 : Number(headers['content-length'] ?? 0);
}

/**
 * Whether the request announces a body. `request.complete` cannot tell when the request arrives: it is
 * false then even for a GET without one.
 */
function announcesBody(request: IncomingMessage): boolean {
  return declaredLength(request) !== 0;
}

export type { BodyRead, BodyResult };
export { abortBody, announcesBody, DEFAULT_BODY_LIMIT_BYTES, readBody };
