import { describe, expect, it } from 'vitest';
import { LazySignal, realSignal } from '../../src/core/lazy-signal.js';

/**
 * A LazySignal stands in for an AbortSignal that most batches never read (the Lambda deadline, the HTTP
 * client-gone signal): whenever it is built, it must say what an eager AbortSignal would have said.
 */
describe('LazySignal', () => {
  it('answers aborted without building a signal, and a signal built later is already aborted with the reason', () => {
    const prepared: AbortSignal[] = [];
    const lazy = new LazySignal((signal) => prepared.push(signal));
    expect(lazy.aborted).toBe(false);

    const reason = new Error('deadline reached');
    lazy.abort(reason);
    expect(lazy.aborted).toBe(true);
    expect(prepared).toHaveLength(0);

    const { signal } = lazy;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('aborts an already-built signal and fires its listeners once', () => {
    const lazy = new LazySignal();
    const { signal } = lazy;
    const reasons: unknown[] = [];
    signal.addEventListener('abort', () => reasons.push(signal.reason));
    expect(signal.aborted).toBe(false);

    lazy.abort('client went away');
    lazy.abort('second call');

    expect(reasons).toEqual(['client went away']);
    expect(lazy.signal).toBe(signal);
  });

  it('keeps the first reason when abort is called twice before the signal is built', () => {
    const lazy = new LazySignal();
    lazy.abort('stop: 5 s left');
    lazy.abort('settle: 1 s left');
    expect(lazy.signal.reason).toBe('stop: 5 s left');
  });

  it('gives an AbortError reason when aborted without one, as AbortController does', () => {
    const lazy = new LazySignal();
    lazy.abort();
    expect(lazy.signal.reason).toBeInstanceOf(DOMException);
    expect((lazy.signal.reason as DOMException).name).toBe('AbortError');
  });

  it('prepares the real signal once, before it is aborted, and returns the same signal on every read', () => {
    const seen: { signal: AbortSignal; abortedWhenPrepared: boolean }[] = [];
    const lazy = new LazySignal((signal) => seen.push({ signal, abortedWhenPrepared: signal.aborted }));
    lazy.abort('late');

    const first = lazy.signal;
    const second = lazy.signal;

    expect(second).toBe(first);
    expect(seen).toEqual([{ signal: first, abortedWhenPrepared: false }]);
  });
});

describe('realSignal', () => {
  it('is a never-aborted signal when there is none', () => {
    const signal = realSignal(undefined);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
  });

  it('is the signal itself when given an AbortSignal', () => {
    const controller = new AbortController();
    expect(realSignal(controller.signal)).toBe(controller.signal);
  });

  it('builds a lazy signal and returns its real signal', () => {
    const lazy = new LazySignal();
    const signal = realSignal(lazy);
    expect(signal).toBe(lazy.signal);
    lazy.abort('done');
    expect(signal.aborted).toBe(true);
  });
});
