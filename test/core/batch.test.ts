import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/core/batch.js';
import { SkippedAfterGroupFailureError } from '../../src/core/errors.js';
import { flush, gates, inFlightProbe } from '../helpers/concurrency.js';

type Item = { id: string; group?: string };

const items = (ids: string[], group?: (id: string) => string | undefined): Item[] =>
  ids.map((id) => ({ id, group: group?.(id) }));

const statuses = (results: PromiseSettledResult<unknown>[]) => results.map((result) => result.status);

describe('runBatch: standard (no groups)', () => {
  it('returns results in the order of the items, not the order they finish', async () => {
    const gate = gates<string>();
    const batch = runBatch(items(['a', 'b', 'c']), async (item) => {
      await gate.wait(item.id);
      if (item.id === 'b') throw new Error('b failed');
      return item.id.toUpperCase();
    });

    gate.open('c');
    await flush();
    gate.open('b');
    await flush();
    gate.open('a');
    const results = await batch;

    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('b failed') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('never has more than `concurrency` items in flight, and keeps that many busy', async () => {
    const ids = Array.from({ length: 10 }, (_, index) => `m${index}`);
    const gate = gates<string>();
    const probe = inFlightProbe<string>();
    const batch = runBatch(items(ids), (item) => probe.track(item.id, () => gate.wait(item.id)), {
      concurrency: 3,
    });

    await flush();
    expect(probe.started).toEqual(['m0', 'm1', 'm2']);
    expect(probe.current).toBe(3);

    gate.open('m1');
    await flush();
    expect(probe.started).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(probe.current).toBe(3);

    for (const id of ids) {
      gate.open(id);
      await flush();
    }
    const results = await batch;

    expect(probe.peak).toBe(3);
    expect(probe.finished).toHaveLength(10);
    expect(statuses(results)).toEqual(Array(10).fill('fulfilled'));
  });

  it('defaults to 10 in flight', async () => {
    const ids = Array.from({ length: 12 }, (_, index) => `m${index}`);
    const gate = gates<string>();
    const probe = inFlightProbe<string>();
    const batch = runBatch(items(ids), (item) => probe.track(item.id, () => gate.wait(item.id)));

    await flush();
    expect(probe.current).toBe(10);

    for (const id of ids) gate.open(id);
    await batch;
    expect(probe.peak).toBe(10);
  });

  it('treats a concurrency below 1 as 1', async () => {
    const probe = inFlightProbe<string>();

    await runBatch(items(['a', 'b', 'c']), (item) => probe.track(item.id, flush), { concurrency: 0 });

    expect(probe.peak).toBe(1);
    expect(probe.finished).toEqual(['a', 'b', 'c']);
  });

  it('an empty batch settles to an empty array', async () => {
    expect(await runBatch([], async () => 1)).toEqual([]);
  });

  it('turns each value into its result with `resultOf`; a throw there rejects that item only', async () => {
    const results = await runBatch(items(['a', 'b', 'c']), async (item) => item.id.toUpperCase(), {
      resultOf: (value, index) => {
        if (value === 'B') throw new Error(`no result for ${value}`);
        return `${index}:${value}`;
      },
    });

    expect(results).toEqual([
      { status: 'fulfilled', value: '0:A' },
      { status: 'rejected', reason: new Error('no result for B') },
      { status: 'fulfilled', value: '2:C' },
    ]);
  });

  it('a work function that throws synchronously rejects that item only; the others still run', async () => {
    const attempted: string[] = [];
    const results = await runBatch(
      items(['a', 'b', 'c']),
      (item) => {
        attempted.push(item.id);
        if (item.id === 'a') throw new Error('a threw before returning a promise');
        return Promise.resolve(item.id);
      },
      { concurrency: 1 },
    );

    expect(attempted).toEqual(['a', 'b', 'c']);
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('a threw before returning a promise') },
      { status: 'fulfilled', value: 'b' },
      { status: 'fulfilled', value: 'c' },
    ]);
  });
});

describe('runBatch: FIFO (grouped)', () => {
  const groupOf = (item: Item) => item.group;
  const byPrefix = (id: string) => id.slice(0, 1);

  it('runs one group strictly in order: the next starts only after the previous settles', async () => {
    const gate = gates<string>();
    const probe = inFlightProbe<string>();
    const batch = runBatch(
      items(['a1', 'a2', 'a3'], byPrefix),
      (item) => probe.track(item.id, () => gate.wait(item.id)),
      {
        groupOf,
      },
    );

    await flush();
    expect(probe.started).toEqual(['a1']);
    gate.open('a1');
    await flush();
    expect(probe.started).toEqual(['a1', 'a2']);
    gate.open('a2');
    gate.open('a3');
    await batch;

    expect(probe.peak).toBe(1);
    expect(probe.finished).toEqual(['a1', 'a2', 'a3']);
  });

  it('runs different groups at the same time', async () => {
    const gate = gates<string>();
    const probe = inFlightProbe<string>();
    const batch = runBatch(
      items(['a1', 'b1', 'a2', 'b2'], byPrefix),
      (item) => probe.track(item.id, () => gate.wait(item.id)),
      { groupOf },
    );

    await flush();
    expect(probe.started).toEqual(['a1', 'b1']);

    for (const id of ['b1', 'b2', 'a1', 'a2']) {
      gate.open(id);
      await flush();
    }
    await batch;
    expect(probe.finished).toEqual(['b1', 'b2', 'a1', 'a2']);
  });

  it('after a failure skips the rest of that group only; other groups continue', async () => {
    const attempted: string[] = [];
    const batch = items(['a1', 'b1', 'a2', 'b2', 'a3', 'c1'], byPrefix);

    const results = await runBatch(
      batch,
      async (item) => {
        attempted.push(item.id);
        if (item.id === 'a2') throw new Error('a2 failed');
      },
      { groupOf },
    );

    expect(statuses(results)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(attempted).not.toContain('a3');
    expect(attempted).toEqual(expect.arrayContaining(['a1', 'a2', 'b1', 'b2', 'c1']));
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('a2 failed'));
    const skipped = (results[4] as PromiseRejectedResult).reason;
    expect(skipped).toBeInstanceOf(SkippedAfterGroupFailureError);
    expect(skipped.permanent).toBe(false);
    expect(skipped.message).toBe('skipped: an earlier message of its group failed');
  });

  it('reports skipped items with `skippedError` when given', async () => {
    const results = await runBatch(
      items(['a1', 'a2'], byPrefix),
      async (item) => {
        if (item.id === 'a1') throw new Error('a1 failed');
      },
      { groupOf, skippedError: (item) => new Error(`skipped ${item.id}`) },
    );

    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('skipped a2'));
  });

  it('a synchronous throw fails its group like a rejection: the rest of the group is skipped', async () => {
    const results = await runBatch(
      items(['a1', 'a2', 'b1'], byPrefix),
      (item) => {
        if (item.id === 'a1') throw new Error('a1 threw');
        return Promise.resolve();
      },
      { groupOf },
    );

    expect(statuses(results)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(SkippedAfterGroupFailureError);
  });

  it('a `resultOf` throw fails its group like a rejection (the worker turns a retry verdict into one)', async () => {
    const attempted: string[] = [];
    const results = await runBatch(
      items(['a1', 'a2', 'b1'], byPrefix),
      async (item) => {
        attempted.push(item.id);
        return item.id;
      },
      {
        groupOf,
        resultOf: (value): undefined => {
          if (value === 'a1') throw new Error('a1: retry');
        },
      },
    );

    expect(attempted).toEqual(['a1', 'b1']);
    expect(statuses(results)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(SkippedAfterGroupFailureError);
  });

  it('fails the whole batch with the error when `skippedError` itself throws', async () => {
    const batch = runBatch(
      items(['a1', 'a2'], byPrefix),
      async (item) => {
        if (item.id === 'a1') throw new Error('a1 failed');
      },
      {
        groupOf,
        skippedError: () => {
          throw new Error('cannot build the skip error');
        },
      },
    );

    await expect(batch).rejects.toThrow('cannot build the skip error');
  });

  it('items without a group are independent: a failure skips nothing', async () => {
    const results = await runBatch(
      items(['x', 'y', 'z']),
      async (item) => {
        if (item.id === 'x') throw new Error('x failed');
      },
      { groupOf },
    );

    expect(statuses(results)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('bounds the number of groups in flight by `concurrency`', async () => {
    const gate = gates<string>();
    const probe = inFlightProbe<string>();
    const batch = runBatch(
      items(['a1', 'b1', 'c1', 'a2'], byPrefix),
      (item) => probe.track(item.id, () => gate.wait(item.id)),
      { groupOf, concurrency: 2 },
    );

    await flush();
    expect(probe.started).toEqual(['a1', 'b1']);
    gate.open('b1');
    await flush();
    expect(probe.started).toEqual(['a1', 'b1', 'c1']);

    for (const id of ['a1', 'a2', 'c1']) gate.open(id);
    await batch;
    expect(probe.peak).toBe(2);
  });
});
