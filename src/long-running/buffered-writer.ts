/**
 * A line sink for long-running processes (the HTTP adapter): lines are appended to a buffer and written
 * in one `write` per flush instead of one `console.log` each, which under load cost a quarter of the
 * adapter's CPU (formatting, colour detection, one syscall per line). Lambda handlers must not use it:
 * Lambda freezes the process as soon as the handler returns, so a line waiting for a timer would be
 * written late or never. Why, and how a clean stop loses nothing: docs/design.md, "Log output".
 */

/** What the writer writes to; `process.stdout` in production. */
type LineStream = {
  write(chunk: string, callback?: (error?: Error | null) => void): unknown;
  on?(event: 'error', listener: (error: Error) => void): unknown;
};

/** The process hooks the writer needs (injected so a test can drive exit without exiting). */
type ExitHooks = {
  on(event: 'exit', listener: () => void): unknown;
  off(event: 'exit', listener: () => void): unknown;
};

type BufferedWriterOptions = {
  /** @defaultValue process.stdout */
  stream?: LineStream;
  /** A line waits at most this long before it is written. @defaultValue 100 */
  flushIntervalMs?: number;
  /** The buffer is written as soon as it holds this many characters. @defaultValue 65536 */
  maxBufferChars?: number;
  /** Where the exit flush is registered. @defaultValue process */
  exitHooks?: ExitHooks;
};

type BufferedWriter = {
  /** Appends one line (a newline is added). Never throws. */
  write: (line: string) => void;
  /** Writes everything buffered now. Call it on SIGTERM/SIGINT, before a drain that may take long. */
  flush: () => void;
  /** Flushes, stops the timer and unregisters the exit hook; later lines are written at once. */
  close: () => void;
};

const DEFAULT_FLUSH_INTERVAL_MS = 100;
const DEFAULT_MAX_BUFFER_CHARS = 64 * 1024;

/**
 * Creates the writer and registers a flush on process `exit`, which runs after the event loop empties,
 * after `process.exit()` and after an uncaught exception; `process.stdout` writes files and pipes
 * synchronously on Linux, so those last lines are out before the process ends. The timer is unref'd:
 * it never keeps a process alive that is otherwise done.
 */
function createBufferedWriter(options: BufferedWriterOptions = {}): BufferedWriter {
  const stream = options.stream ?? process.stdout;
  const intervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  const maxChars = options.maxBufferChars ?? DEFAULT_MAX_BUFFER_CHARS;
  const hooks = options.exitHooks ?? process;
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // After EPIPE (the reader is gone) nothing can record a line; dropping them beats crashing the worker
  // on an unhandled 'error' event, which is also what console.log does.
  let broken = false;
  stream.on?.('error', () => {
    broken = true;
  });
  const ignoreError = () => {};

  function flush() {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (broken) return;
    try {
      stream.write(chunk, ignoreError);
    } catch {
      broken = true;
    }
  }

  function write(line: string) {
    // String concatenation builds a rope: appending is cheap, and the write flattens it once.
    buffer += `${line}\n`;
    if (closed || buffer.length >= maxChars) flush();
    else if (timer === undefined) {
      timer = setTimeout(flush, intervalMs);
      timer.unref();
    }
  }

  function close() {
    closed = true;
    flush();
    hooks.off('exit', flush);
  }

  hooks.on('exit', flush);
  return { write, flush, close };
}

export type { BufferedWriter, BufferedWriterOptions, ExitHooks, LineStream };
export { createBufferedWriter, DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_MAX_BUFFER_CHARS };
