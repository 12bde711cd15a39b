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
 * Reads the request body as UTF-8, stopping at `limitBytes`: a declared Content-Length over the limit is
 * refused before reading anything, and a chunked body is refused as soon as it crosses the limit. The
 * caller answers 413 and closes the connection, so the rest is never read. SQS bodies are Unicode text,
 * so bytes that are not UTF-8 are refused (`not-utf8`) rather than silently replaced with U+FFFD. When the
 * connection closes first (client gone, or the adapter's timeout destroyed it), what was read is dropped.
 */
function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      request.pause();
      resolve({ ok: false, reason: 'too-large', limitBytes, receivedBytes: 0 });
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    // The first of the limit, 'end', 'close' or 'error' settles the promise: a later `resolve` does nothing
    // ('close' always follows 'end'), and a paused request emits no more data. The listeners stay on: the
    // request is dropped with its reply, and removing four listeners per request cost more.
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        request.pause();
        resolve({ ok: false, reason: 'too-large', limitBytes, receivedBytes: received });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      // A small body arrives in one chunk: decode it as is rather than copy it first.
      // Stryker disable next-line ConditionalExpression: Buffer.concat of the one chunk gives the same bytes; the shortcut only skips the copy.
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
      try {
        resolve({ ok: true, body: UTF8.decode(bytes) });
      } catch {
        resolve({ ok: false, reason: 'not-utf8' });
      }
    };
    // 'close' before 'end': the client went away mid-body, or the request timed out; nothing to answer.
    const onClose = () => resolve({ ok: false, reason: 'aborted' });
    request.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}

/**
 * Whether the request announces a body (Transfer-Encoding, or a Content-Length above 0; RFC 9112 §6.3).
 * `request.complete` cannot tell when the request arrives: it is false then even for a GET without one.
 */
function announcesBody(request: IncomingMessage): boolean {
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length']) > 0;
}

export type { BodyResult };
export { announcesBody, DEFAULT_BODY_LIMIT_BYTES, readBody };
