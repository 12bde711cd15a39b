/**
 * What the logger writes at its edges: a field exactly at the cap, a line too long for CloudWatch, a log
 * call whose own inputs throw, and errors whose fields cannot be read. Each is a line an operator reads
 * during an incident, so its exact shape is pinned.
 */
import { describe, expect, it } from 'vitest';
import { WorkerError } from '../../src/core/errors.js';
import { createLogger, isLogLevel, MAX_FIELD } from '../../src/core/logger.js';

const EPOCH = '1970-01-01T00:00:00.000Z';

const collect = (now: () => Date = () => new Date(0)) => {
  const raw: string[] = [];
  const log = createLogger({ sink: (line) => raw.push(line), now });
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, raw, lines };
};

/** logger.ts's line cap: a line stays well below CloudWatch's 256 KB event limit. */
const MAX_LINE = 64 * 1024;

/** Fields, none over the field cap, that make `log.info('x', fields)` a line of exactly `length` characters. */
const fieldsForLineOf = (length: number) => {
  const fields: Record<string, string> = {};
  const lineLength = () => JSON.stringify({ level: 'info', time: EPOCH, message: 'x', ...fields }).length;
  for (let index = 0; lineLength() + 1000 < length; index++) fields[`f${index}`] = 'y'.repeat(900);
  fields.last = 'y'.repeat(length - lineLength() - ',"last":""'.length);
  return fields;
};

/** A string whose JSON form (quotes included) is exactly `length` characters. */
const jsonOfLength = (length: number) => 'x'.repeat(length - 2);

describe('field cap', () => {
  it('a field exactly MAX_FIELD characters as JSON is kept whole; one more is cut', () => {
    const { log, lines } = collect();
    const atCap = jsonOfLength(MAX_FIELD);
    const overCap = jsonOfLength(MAX_FIELD + 1);

    log.info('x', { atCap, overCap });

    expect(lines()[0]?.atCap).toBe(atCap);
    expect(lines()[0]?.overCap).toBe(
      `${JSON.stringify(overCap).slice(0, MAX_FIELD)}... [truncated: ${MAX_FIELD + 1} characters]`,
    );
  });

  it('a line with dozens of long fields keeps level, time and message and says how long it was', () => {
    const { log, raw, lines } = collect();
    const fields = Object.fromEntries(
      Array.from({ length: 80 }, (_, index) => [`f${index}`, 'y'.repeat(2000)]),
    );

    log.warn('too much', fields);

    expect(raw[0]?.length).toBeLessThan(200);
    expect(lines()).toEqual([
      {
        level: 'warn',
        time: EPOCH,
        message: 'too much',
        note: expect.stringMatching(/^line too long: \d+ characters$/),
      },
    ]);
  });

  it('a line exactly at the line cap is written whole; one character more becomes the note', () => {
    const { log, raw, lines } = collect();

    log.info('x', fieldsForLineOf(MAX_LINE));
    log.info('x', fieldsForLineOf(MAX_LINE + 1));

    expect(raw[0]).toHaveLength(MAX_LINE);
    expect(lines()[0]?.last).toEqual(expect.stringMatching(/^y+$/));
    expect(lines()[1]).toEqual({
      level: 'info',
      time: EPOCH,
      message: 'x',
      note: `line too long: ${MAX_LINE + 1} characters`,
    });
  });

  it('a long line under the line cap keeps every field, long ones cut', () => {
    const { log, lines } = collect();

    log.info('x', { a: 'y'.repeat(2000), b: 'short', c: undefined });

    expect(Object.keys(lines()[0] ?? {})).toEqual(['level', 'time', 'message', 'a', 'b']);
    expect(lines()[0]?.b).toBe('short');
  });
});

describe('a log call whose inputs throw still writes a line', () => {
  it('a clock that throws', () => {
    const { log, lines } = collect(() => {
      throw new Error('clock broken');
    });

    log.error('message failed', { messageId: 'm-1' });

    expect(lines()).toEqual([{ level: 'error', message: 'message failed', logError: 'Error: clock broken' }]);
  });

  it('fields whose keys cannot be listed', () => {
    const { log, lines } = collect();
    const fields = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new TypeError('no keys');
        },
      },
    );

    log.warn('retrying', fields);

    expect(lines()).toEqual([{ level: 'warn', message: 'retrying', logError: 'TypeError: no keys' }]);
  });
});

describe('errors as fields', () => {
  it('a WorkerError logs its name, message and context', () => {
    const { log, lines } = collect();
    const error = new WorkerError('lock held', { messageId: 'm-1', task: 'cleanup', queue: 'work-queue' });

    log.error('failed', { error });

    expect(lines()[0]?.error).toEqual({
      name: 'WorkerError',
      message: 'lock held',
      messageId: 'm-1',
      task: 'cleanup',
      queue: 'work-queue',
    });
  });

  it('an error whose name and message cannot be read is still named', () => {
    const { log, lines } = collect();
    const error = new Error('x');
    Object.defineProperty(error, 'name', { value: 7 });
    Object.defineProperty(error, 'message', {
      get: () => {
        throw new Error('hostile getter');
      },
    });

    log.error('failed', { error });

    expect(lines()[0]?.error).toEqual({ name: 'Error', message: '(unreadable message)' });
  });

  it('a cause that is not an Error is described, without stack frames', () => {
    const { log, lines } = collect();

    log.error('failed', { error: new Error('outer', { cause: 'socket closed' }) });

    expect(lines()[0]?.error).toEqual({ name: 'Error', message: 'outer', cause: 'socket closed' });
  });

  it('a cause without a readable stack is described, without stack frames', () => {
    const { log, lines } = collect();
    const cause = new TypeError('inner');
    Object.defineProperty(cause, 'stack', { value: undefined });

    log.error('failed', { error: new Error('outer', { cause }) });

    expect(lines()[0]?.error).toEqual({ name: 'Error', message: 'outer', cause: 'TypeError: inner' });
  });
});

describe('isLogLevel', () => {
  it.each([
    { value: 'debug', level: true },
    { value: 'error', level: true },
    { value: 'ERROR', level: false },
    { value: 'trace', level: false },
    { value: 'toString', level: false },
    { value: ['info'], level: false },
    { value: { toString: (): string => 'warn' }, level: false },
    { value: undefined, level: false },
  ])('$value -> $level', ({ value, level }) => {
    expect(isLogLevel(value)).toBe(level);
  });
});
