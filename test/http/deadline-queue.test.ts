import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DeadlineEntry, DeadlineQueue } from '../../src/http/deadline-queue.js';

type Entry = DeadlineEntry & { name: string };

function entry(name: string): Entry {
  return { name, deadline: 0, previous: undefined, next: undefined, queued: false };
}

function queueOf(delayMs: number) {
  const expired: string[] = [];
  const queue = new DeadlineQueue<Entry>(delayMs, (expiring) => {
    expect(expiring.queued).toBe(false);
    expired.push(expiring.name);
  });
  return { queue, expired };
}

describe('DeadlineQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires each entry its delay after it was added, in order, and only once', () => {
    const { queue, expired } = queueOf(100);
    queue.add(entry('a'));
    vi.advanceTimersByTime(30);
    queue.add(entry('b'));
    vi.advanceTimersByTime(69);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(29);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual(['a', 'b']);
  });

  it('never expires a removed entry, wherever it sat in the queue', () => {
    const { queue, expired } = queueOf(100);
    const [a, b, c, d] = [entry('a'), entry('b'), entry('c'), entry('d')];
    for (const each of [a, b, c, d]) {
      queue.add(each);
      vi.advanceTimersByTime(10);
    }
    queue.remove(b); // middle
    queue.remove(a); // head
    queue.remove(d); // tail
    queue.remove(d); // twice: a no-op
    vi.advanceTimersByTime(200);
    expect(expired).toEqual(['c']);
  });

  it('keeps expiring after the queue emptied and filled again', () => {
    const { queue, expired } = queueOf(50);
    const first = entry('first');
    queue.add(first);
    queue.remove(first);
    vi.advanceTimersByTime(20);
    queue.add(entry('second'));
    vi.advanceTimersByTime(49);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['second']);
    queue.add(entry('third'));
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(['second', 'third']);
  });

  it('holds the process open only while an entry is queued', () => {
    const { queue } = queueOf(1000);
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const only = entry('only');
    queue.add(only);
    expect(armed).toHaveBeenCalledTimes(1);
    const timer = armed.mock.results[0]?.value as NodeJS.Timeout | undefined;
    expect(timer?.hasRef()).toBe(true);
    queue.remove(only);
    expect(timer?.hasRef()).toBe(false);
    queue.add(entry('again'));
    expect(timer?.hasRef()).toBe(true);
    expect(armed).toHaveBeenCalledTimes(1);
    armed.mockRestore();
  });

  it('still expires later entries when one expiry throws', () => {
    let calls = 0;
    const queue = new DeadlineQueue<Entry>(10, (expiring) => {
      calls++;
      if (expiring.name === 'bad') throw new Error('expiry failed');
    });
    queue.add(entry('bad'));
    vi.advanceTimersByTime(5);
    queue.add(entry('good'));
    expect(() => vi.advanceTimersByTime(5)).toThrow('expiry failed');
    vi.advanceTimersByTime(5);
    expect(calls).toBe(2);
  });
});
