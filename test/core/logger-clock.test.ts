import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/logger.js';

/** The `time` of each line logged at these system times (no `now` injected: the logger reads the clock). */
function timesLoggedAt(instants: number[]): string[] {
  const times: string[] = [];
  const log = createLogger({ sink: (line) => times.push(JSON.parse(line).time) });
  for (const instant of instants) {
    vi.setSystemTime(instant);
    log.info('tick');
  }
  return times;
}

describe('logger clock (system time, no injected now)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the ISO time of each line, milliseconds padded, across seconds, minutes and days', () => {
    vi.useFakeTimers();
    const base = Date.UTC(2026, 10, 30, 23, 59, 58);
    // Within one second (every padding edge: 9, 10, 99, 100 ms), into the next, across midnight (a new date), and back to an earlier second.
    const instants = [0, 5, 9, 10, 42, 99, 100, 999, 1000, 1007, 1999, 2000, 2061, 3600_000 + 123, 1000, 1];
    const expected = instants.map((offset) => new Date(base + offset).toISOString());

    expect(timesLoggedAt(instants.map((offset) => base + offset))).toEqual(expected);
  });

  it('formats years the short layout cannot hold as toISOString does', () => {
    vi.useFakeTimers();
    const farFuture = Date.UTC(10_000, 0, 1, 0, 0, 0, 7);

    expect(timesLoggedAt([farFuture, farFuture + 1])).toEqual([
      new Date(farFuture).toISOString(),
      new Date(farFuture + 1).toISOString(),
    ]);
  });
});
