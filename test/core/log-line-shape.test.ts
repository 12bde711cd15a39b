/**
 * The exact shape of a log line: what log queries filter on (level, time, message) is never replaced by a
 * context field, context fields come first, and the level threshold drops exactly the lower levels.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type LogLevel } from '../../src/core/logger.js';

const EPOCH = '1970-01-01T00:00:00.000Z';

const collect = (level?: LogLevel, fields?: Record<string, unknown>) => {
  const raw: string[] = [];
  const log = createLogger({ sink: (line) => raw.push(line), level, now: () => new Date(0), fields });
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, raw, lines };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('log line shape', () => {
  it('level, time and message are never replaced by context or call fields', () => {
    const { log, lines } = collect('info', { level: 'debug', message: 'base' });

    log.child({ time: 'child' }).warn('real', { level: 'error', time: 'call', message: 'call' });

    expect(lines()).toEqual([{ level: 'warn', time: EPOCH, message: 'real' }]);
  });

  it('createLogger fields and child fields come first; a call field does not replace them', () => {
    const { log, lines } = collect('info', { service: 'svc' });

    log.child({ messageId: 'm-1' }).info('x', { messageId: 'other', extra: 1 });

    expect(lines()).toEqual([
      { level: 'info', time: EPOCH, message: 'x', service: 'svc', messageId: 'm-1', extra: 1 },
    ]);
  });

  it('a child does not change its parent', () => {
    const { log, lines } = collect();

    log.child({ task: 'cleanup' });
    log.info('parent');

    expect(lines()).toEqual([{ level: 'info', time: EPOCH, message: 'parent' }]);
  });

  it.each([
    { level: 'debug', shown: ['debug', 'info', 'warn', 'error'] },
    { level: 'info', shown: ['info', 'warn', 'error'] },
    { level: 'warn', shown: ['warn', 'error'] },
    { level: 'error', shown: ['error'] },
  ] as const)('at level $level the lines shown are $shown', ({ level, shown }) => {
    const { log, lines } = collect(level);

    log.child({}).debug('debug');
    log.child({}).info('info');
    log.child({}).warn('warn');
    log.child({}).error('error');

    expect(lines().map((line) => [line.level, line.message])).toEqual(shown.map((name) => [name, name]));
  });

  it.each([
    { level: 'debug', enabled: ['debug', 'info', 'warn', 'error'] },
    { level: 'info', enabled: ['info', 'warn', 'error'] },
    { level: 'warn', enabled: ['warn', 'error'] },
    { level: 'error', enabled: ['error'] },
  ] as const)(
    'at level $level, enabled() is true for exactly $enabled, on a child too',
    ({ level, enabled }) => {
      const { log } = collect(level);
      const levels = ['debug', 'info', 'warn', 'error'] as const;

      expect(levels.filter((name) => log.enabled(name))).toEqual(enabled);
      expect(levels.filter((name) => log.child({ task: 't' }).enabled(name))).toEqual(enabled);
    },
  );

  it('without `now`, the time is the clock at the call', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-05-04T03:02:01.000Z'));
    const lines: string[] = [];

    createLogger({ sink: (line) => lines.push(line) }).info('x');

    expect(JSON.parse(lines[0] ?? '{}').time).toBe('2026-05-04T03:02:01.000Z');
  });

  it('a wrapped cause logs its first three stack frames, trimmed', () => {
    const { log, lines } = collect();
    const cause = new TypeError('inner');
    cause.stack =
      'TypeError: inner\n    at one (a.ts:1:1)\n    at two (b.ts:2:2)\n    at three (c.ts:3:3)\n    at four (d.ts:4:4)';

    log.error('failed', { error: new Error('outer', { cause }) });

    expect(lines()[0]?.error).toEqual({
      name: 'Error',
      message: 'outer',
      cause: 'TypeError: inner',
      at: ['at one (a.ts:1:1)', 'at two (b.ts:2:2)', 'at three (c.ts:3:3)'],
    });
  });

  it("a message, key or value with JSON's special characters still makes one valid line", () => {
    const { log, raw, lines } = collect();

    log.child({ 'a"key': 'tab\there' }).info('line\nbreak "quoted"', { 'back\\slash': '\u0001' });

    expect(raw[0]).not.toContain('\n');
    expect(lines()).toEqual([
      {
        level: 'info',
        time: EPOCH,
        message: 'line\nbreak "quoted"',
        'a"key': 'tab\there',
        'back\\slash': '\u0001',
      },
    ]);
  });

  it('a message that is not a string (a JavaScript caller) is still a valid line', () => {
    const { log, lines } = collect();

    log.info(undefined as unknown as string);

    expect(lines()).toEqual([{ level: 'info', time: EPOCH, message: null }]);
  });

  it('values that are not errors are logged as they are', () => {
    const { log, lines } = collect();

    log.info('x', { list: [1, 'a'], nested: { ok: true }, none: null });

    expect(lines()[0]).toMatchObject({ list: [1, 'a'], nested: { ok: true }, none: null });
  });
});
