import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBufferedWriter, type ExitHooks } from '../../src/long-running/buffered-writer.js';

/** A stream that records each write call, and process-like exit hooks a test can fire. */
function fakes() {
  const writes: string[] = [];
  const exitListeners = new Set<() => void>();
  let onError: ((error: Error) => void) | undefined;
  const stream = {
    write: (chunk: string) => {
      writes.push(chunk);
      return true;
    },
    on: (_event: 'error', listener: (error: Error) => void) => {
      onError = listener;
    },
  };
  const exitHooks: ExitHooks = {
    on: (_event, listener) => exitListeners.add(listener),
    off: (_event, listener) => exitListeners.delete(listener),
  };
  const exit = () => {
    for (const listener of exitListeners) listener();
  };
  return { writes, stream, exitHooks, exit, exitListeners, fail: (error: Error) => onError?.(error) };
}

describe('createBufferedWriter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the lines of one interval in one write, newline-terminated and in order', () => {
    const f = fakes();
    const writer = createBufferedWriter({ stream: f.stream, exitHooks: f.exitHooks, flushIntervalMs: 100 });
    writer.write('{"n":1}');
    writer.write('{"n":2}');
    expect(f.writes).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(f.writes).toEqual(['{"n":1}\n{"n":2}\n']);
    writer.write('{"n":3}');
    vi.advanceTimersByTime(100);
    expect(f.writes).toEqual(['{"n":1}\n{"n":2}\n', '{"n":3}\n']);
  });

  it('writes at once when the buffer reaches maxBufferChars', () => {
    const f = fakes();
    const writer = createBufferedWriter({ stream: f.stream, exitHooks: f.exitHooks, maxBufferChars: 10 });
    writer.write('12345');
    expect(f.writes).toEqual([]);
    writer.write('67890');
    expect(f.writes).toEqual(['12345\n67890\n']);
  });

  it('flushes what is buffered when the process exits, and flush() writes it on demand', () => {
    const f = fakes();
    const writer = createBufferedWriter({ stream: f.stream, exitHooks: f.exitHooks });
    writer.write('a');
    writer.flush();
    expect(f.writes).toEqual(['a\n']);
    writer.write('b');
    f.exit();
    expect(f.writes).toEqual(['a\n', 'b\n']);
    f.exit();
    expect(f.writes).toHaveLength(2);
  });

  it('after close(), writes each line at once and no longer hooks exit', () => {
    const f = fakes();
    const writer = createBufferedWriter({ stream: f.stream, exitHooks: f.exitHooks });
    writer.write('a');
    writer.close();
    expect(f.writes).toEqual(['a\n']);
    expect(f.exitListeners.size).toBe(0);
    writer.write('b');
    expect(f.writes).toEqual(['a\n', 'b\n']);
  });

  it('never throws: a stream that throws or reports EPIPE makes later lines drop', () => {
    const f = fakes();
    const throwing = {
      write: () => {
        throw new Error('EBADF');
      },
    };
    const broken = createBufferedWriter({ stream: throwing, exitHooks: f.exitHooks });
    broken.write('x');
    expect(() => broken.flush()).not.toThrow();
    const writer = createBufferedWriter({ stream: f.stream, exitHooks: f.exitHooks });
    f.fail(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    writer.write('lost');
    writer.flush();
    expect(f.writes).toEqual([]);
  });
});
