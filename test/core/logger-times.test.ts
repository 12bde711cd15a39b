import { describe, expect, it } from 'vitest';
import { toWorkerError, ValidationError } from '../../src/core/errors.js';
import { createLogger, isLogLevel } from '../../src/core/logger.js';
import {
  fromEpochMillis,
  fromIso,
  fromSqsdScheduledTime,
  toSqsdHeaderTime,
  toSqsdScheduledTime,
} from '../../src/core/times.js';

const collect = (level?: 'debug' | 'info' | 'warn' | 'error') => {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ sink: (line) => lines.push(JSON.parse(line)), level, now: () => new Date(0) });
  return { log, lines };
};

describe('createLogger', () => {
  it('writes one JSON line per call with level, time and message, dropping lines below the level', () => {
    const { log, lines } = collect('warn');

    log.debug('d');
    log.info('i');
    log.warn('w', { messageId: 'm-1' });
    log.error('e');

    expect(lines).toEqual([
      { level: 'warn', time: '1970-01-01T00:00:00.000Z', message: 'w', messageId: 'm-1' },
      { level: 'error', time: '1970-01-01T00:00:00.000Z', message: 'e' },
    ]);
  });

  it('defaults to info', () => {
    const { log, lines } = collect();

    log.debug('hidden');
    log.info('shown');

    expect(lines.map((line) => line.message)).toEqual(['shown']);
  });

  it('child loggers add their fields to every line, nested children accumulate', () => {
    const { log, lines } = collect();

    log.child({ messageId: 'm-1' }).child({ task: 'cleanup' }).info('done', { ms: 3 });

    expect(lines[0]).toMatchObject({ messageId: 'm-1', task: 'cleanup', ms: 3 });
  });

  it('serialises errors as name, message and worker context, without the stack', () => {
    const { log, lines } = collect();
    const error = new ValidationError('email', 'bad', { messageId: 'm-1', task: 'user_signup' });

    log.error('failed', { error });

    expect(lines[0]?.error).toEqual({
      name: 'ValidationError',
      message: 'email: bad',
      messageId: 'm-1',
      task: 'user_signup',
      field: 'email',
    });
  });

  it('never throws: an unserializable or huge field is replaced by a note, the line still goes out', () => {
    const { log, lines } = collect();
    let deep: unknown = [];
    for (let depth = 0; depth < 20_000; depth++) deep = [deep];

    expect(() => log.info('payload', { deep, big: 10n, huge: 'x'.repeat(200_000), ok: 1 })).not.toThrow();

    expect(lines[0]).toMatchObject({ level: 'info', message: 'payload', ok: 1 });
    expect(lines[0]?.deep).toMatch(/^\[unserializable: /);
    expect(lines[0]?.big).toMatch(/^\[unserializable: /);
    expect(lines[0]?.huge).toMatch(/^"x{1023}\.\.\. \[truncated: 200002 characters\]$/);
  });

  it('cuts every field to 1 KB, although the whole line is far below the 64 KB line cap', () => {
    const { log, lines } = collect('debug');
    const secret = 'national id 756.1234.5678.97';
    const payload = { note: 'y'.repeat(50 * 1024), secret };

    log.debug('payload', { payload, short: 'kept' });

    expect(lines[0]).toMatchObject({ level: 'debug', short: 'kept' });
    expect(String(lines[0]?.payload)).toMatch(/\.\.\. \[truncated: \d+ characters\]$/);
    expect(String(lines[0]?.payload).length).toBeLessThan(1100);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('a sink that throws does not make the log call throw', () => {
    const log = createLogger({
      sink: () => {
        throw new Error('EPIPE');
      },
    });

    expect(() => log.error('failed', { messageId: 'm-1' })).not.toThrow();
  });

  it('a wrapped crash logs its original error and where it was thrown', () => {
    const { log, lines } = collect();
    const crash = new TypeError("Cannot read properties of undefined (reading 'id')");

    log.error('failed', { error: toWorkerError(crash, { messageId: 'm-2', task: 'order_processing' }) });

    const logged = lines[0]?.error as Record<string, unknown>;
    expect(logged.name).toBe('TaskFailedError');
    expect(logged.cause).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
    expect(logged.at).toEqual(expect.arrayContaining([expect.stringMatching(/logger-times\.test\.ts/)]));
  });

  it.each(['debug', 'info', 'warn', 'error'])('isLogLevel(%s) is true', (level) => {
    expect(isLogLevel(level)).toBe(true);
  });

  it.each(['DEBUG', 'trace', '', 42, undefined])('isLogLevel(%s) is false', (level) => {
    expect(isLogLevel(level)).toBe(false);
  });

  // Regression: Object.prototype keys are not log levels.
  it.each(['toString', 'constructor', 'hasOwnProperty'])('isLogLevel(%s) is false', (level) => {
    expect(isLogLevel(level)).toBe(false);
  });
});

describe('time formats', () => {
  it.each([
    { value: '2019-03-01T01:23:45Z', iso: '2019-03-01T01:23:45.000Z' },
    { value: '2022-03-22T18:59:43Z', iso: '2022-03-22T18:59:43.000Z' },
    { value: '2022-03-22T18:59:43.120Z', iso: '2022-03-22T18:59:43.120Z' },
    { value: '2022-03-22T20:59+02:00', iso: '2022-03-22T18:59:00.000Z' },
  ])('fromIso($value)', ({ value, iso }) => {
    expect(fromIso(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '2022-03-22',
    '2022-03-22T18:59:43',
    'yesterday',
    '',
    1_700_000_000,
    null,
    '2022-13-01T00:00:00Z',
  ])('fromIso(%s) is undefined', (value) => {
    expect(fromIso(value)).toBeUndefined();
  });

  // Regression: impossible calendar dates are rejected, not rolled over.
  it.each([
    { parse: () => fromIso('2019-02-30T00:00:00Z') },
    { parse: () => fromSqsdScheduledTime('2017-02-30 23:10:00 UTC') },
    { parse: () => fromIso('2019-04-31T00:00:00Z') },
    { parse: () => fromIso('2100-02-29T00:00:00Z') },
    { parse: () => fromIso('2022-00-10T00:00:00Z') },
  ])('an impossible date is rejected (%#)', ({ parse }) => {
    expect(parse()).toBeUndefined();
  });

  it.each(['2024-02-29T00:00:00Z', '2000-02-29T12:00:00Z', '2023-12-31T23:59:59Z'])(
    'the last day of a month is accepted (%s)',
    (value) => {
      expect(fromIso(value)?.toISOString()).toBe(new Date(value).toISOString());
    },
  );

  it('sqsd scheduled_time round-trips (Ruby Time#to_s in UTC)', () => {
    const date = fromSqsdScheduledTime('2017-03-22 23:10:00 UTC');

    expect(date?.toISOString()).toBe('2017-03-22T23:10:00.000Z');
    expect(date && toSqsdScheduledTime(date)).toBe('2017-03-22 23:10:00 UTC');
    expect(date && toSqsdHeaderTime(date)).toBe('2017-03-22T23:10:00Z');
  });

  it.each([
    { value: '1545082649183', ms: 1545082649183 },
    { value: '0', ms: 0 },
  ])('fromEpochMillis($value)', ({ value, ms }) => {
    expect(fromEpochMillis(value)?.getTime()).toBe(ms);
  });

  // At most 16 digits, as SQS writes them: a zero-padded 17-digit value is not an SQS timestamp.
  it.each([undefined, '', '-1', '1.5', '1e12', '12345678901234567', '01545082649183000'])(
    'fromEpochMillis(%s) is undefined',
    (value) => {
      expect(fromEpochMillis(value)).toBeUndefined();
    },
  );
});
