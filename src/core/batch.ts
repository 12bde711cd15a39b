import { SkippedAfterGroupFailureError } from './errors.js';

/**
 * Runs a batch and returns `PromiseSettledResult`s in the order of `items`, which is the contract of
 * `@middy/sqs-partial-batch-failure` (results are matched to `Records` by index).
 *
 * - Without `groupOf`: items run concurrently, at most `concurrency` at once (a batch can hold 10,000).
 * - With `groupOf` (FIFO): items of one group run strictly in order; after a failure, the rest of that
 *   group is not attempted and is reported failed, so SQS hands the group back in order. Groups run
 *   concurrently, at most `concurrency` at once. Items with no group are their own group.
 */
type BatchOptions<Item, Value = unknown, Result = Value> = {
  /** Upper bound on items (or groups) in flight. @defaultValue 10 */
  concurrency?: number;
  groupOf?: (item: Item) => string | undefined;
  /** The error reported for an item skipped after its group failed. */
  skippedError?: (item: Item) => Error;
  /**
   * Turns an item's value into its result, synchronously (a throw rejects the item). An adapter that must
   * look at each value would otherwise wrap every item in one more async function: a promise and a
   * microtask turn per item, which a no-op batch notices. @defaultValue the value itself
   */
  resultOf?: (value: Value, index: number) => Result;
};

/**
 * One shared result for every item that fulfilled with `undefined` (the worker's case): a 10,000-record
 * batch then holds 10,000 references to it instead of 10,000 objects until it returns. Frozen, so no
 * caller can change it for the others.
 */
const FULFILLED_VOID: PromiseFulfilledResult<undefined> = Object.freeze({
  status: 'fulfilled',
  value: undefined,
});

/**
 * Runs start(0) … start(count - 1) with at most `limit` started and not yet done; each calls its `done`
 * once, never synchronously (so starting the next one never nests in the stack). Callbacks rather than
 * async lanes: an awaited async wrapper per item cost more than a no-op message's own work.
 */
function runBounded(count: number, start: (position: number, done: () => void) => void, limit: number) {
  return new Promise<void>((resolve) => {
    let next = 0;
    let active = 0;
    const done = () => {
      active--;
      if (next < count) {
        active++;
        start(next++, done);
      } else if (active === 0) resolve();
    };
    // At least one in flight, whatever the bound says (NaN included): a batch must not hang unstarted.
    const lanes = Math.min(Math.max(limit, 1) || 1, count);
    while (next < lanes) {
      active++;
      start(next++, done);
    }
    if (count === 0) resolve();
  });
}

function runBatch<Item, Value, Result = Value>(
  items: readonly Item[],
  work: (item: Item, index: number) => Promise<Value>,
  options: BatchOptions<Item, Value, Result> = {},
): Promise<PromiseSettledResult<Result>[]> {
  // Stryker disable next-line ArrayDeclaration: only presizes; every index is assigned before the batch settles
  const results: PromiseSettledResult<Result>[] = new Array(items.length);
  const { resultOf } = options;
  const fulfilled = (index: number, given: Value): boolean => {
    try {
      const value = resultOf ? resultOf(given, index) : (given as unknown as Result);
      results[index] =
        // Stryker disable next-line ConditionalExpression: a fresh { status: 'fulfilled', value: undefined } is the same result
        value === undefined
          ? (FULFILLED_VOID as PromiseFulfilledResult<Result>)
          : { status: 'fulfilled', value };
      return true;
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
      return false;
    }
  };
  /** Runs one item; `then(ok)` once it has its result (ok: fulfilled), always on a later microtask. */
  const settle = (index: number, then: (ok: boolean) => void): void => {
    let running: Promise<Value>;
    try {
      running = Promise.resolve(work(items[index] as Item, index));
    } catch (reason) {
      // A synchronous throw settles like a rejection, and as late: never recursing into the next item.
      running = Promise.reject(reason);
    }
    running.then(
      (given) => then(fulfilled(index, given)),
      (reason: unknown) => {
        results[index] = { status: 'rejected', reason };
        then(false);
      },
    );
  };
  const limit = options.concurrency ?? 10;
  const { groupOf } = options;
  if (!groupOf) return runBounded(items.length, settle, limit).then(() => results);
  const groups = new Map<string | number, number[]>();
  items.forEach((item, index) => {
    const key = groupOf(item) ?? index;
    const members = groups.get(key);
    if (members) members.push(index);
    else groups.set(key, [index]);
  });
  const skipped = (item: Item) =>
    options.skippedError?.(item) ??
    new SkippedAfterGroupFailureError('skipped: an earlier message of its group failed');
  const ordered = [...groups.values()];
  return new Promise((resolve, reject) => {
    // One group's items strictly in order; after a failure the rest of the group is reported skipped.
    const runGroup = (position: number, done: () => void) => {
      const members = ordered[position] as number[];
      let at = 0;
      const step = (ok: boolean) => {
        try {
          if (!ok) {
            for (; at < members.length; at++) {
              const index = members[at] as number;
              results[index] = { status: 'rejected', reason: skipped(items[index] as Item) };
            }
          }
          if (at === members.length) done();
          else settle(members[at++] as number, step);
        } catch (error) {
          // Only a throwing skippedError gets here: the batch fails as a whole, as it always did.
          reject(error);
        }
      };
      step(true);
    };
    runBounded(ordered.length, runGroup, limit).then(() => resolve(results));
  });
}

export type { BatchOptions };
export { FULFILLED_VOID, runBatch };
