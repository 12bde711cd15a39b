import { describe, expect, it } from 'vitest';
import { BatchClock, readClock } from '../../src/core/batch-clock.js';

/** A clock the test moves by hand. */
function handClock(start: number) {
  const state = { ms: start };
  return { state, now: () => new Date(state.ms) };
}

/** Lets the microtasks queued so far run (the clock's turn ends in one of them). */
const nextTurn = () => Promise.resolve();

describe('BatchClock', () => {
  it("starts at the batch's start, and reads anew at the first read even in the same turn", () => {
    const { state, now } = handClock(1_000);
    const clock = new BatchClock(now);
    state.ms = 1_007;

    expect(clock.ms).toBe(1_000);
    expect(clock.read()).toBe(1_007);
    expect(clock.ms).toBe(1_007);
  });

  it('reads once per microtask turn: later reads in the turn share it, the next turn reads again', async () => {
    const { state, now } = handClock(1_000);
    const clock = new BatchClock(now);
    state.ms = 1_010;
    const first = clock.read();
    state.ms = 1_020;
    const sameTurn = clock.read();

    await nextTurn();
    const nextOne = clock.read();

    expect([first, sameTurn, nextOne]).toEqual([1_010, 1_010, 1_020]);
  });

  it('without an injected clock reads Date.now', () => {
    const before = Date.now();
    const clock = new BatchClock();
    const read = clock.read();

    expect(clock.ms).toBe(read);
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
    expect(readClock(() => new Date(42))).toBe(42);
  });
});
