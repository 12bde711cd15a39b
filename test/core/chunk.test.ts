import { describe, expect, it } from 'vitest';
import { chunk, SQS_BATCH_LIMIT } from '../../src/core/chunk.js';

describe('chunk', () => {
  it('cuts into tens by default, in order, the last run shorter', () => {
    const items = Array.from({ length: 23 }, (_, index) => index);

    const chunks = chunk(items);

    expect(SQS_BATCH_LIMIT).toBe(10);
    expect(chunks.map((part) => part.length)).toEqual([10, 10, 3]);
    expect(chunks.flat()).toEqual(items);
  });

  it('gives no chunk for no items, and one for exactly ten', () => {
    expect(chunk([])).toEqual([]);
    expect(chunk(Array.from({ length: 10 }, () => 'x'))).toHaveLength(1);
  });

  it('cuts into runs of one at size 1', () => {
    expect(chunk(['a', 'b', 'c'], 1)).toEqual([['a'], ['b'], ['c']]);
  });

  it.each([0, -1, 1.5])('refuses size %j, naming it', (size) => {
    expect(() => chunk([1, 2], size)).toThrow(
      new RangeError(`chunk size must be a positive integer, got ${size}`),
    );
  });
});
