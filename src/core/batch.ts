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

/** Runs job(0) … job(count - 1) with at most `limit` in flight; each job settles on its own. */
async function runBounded(count: number, job: (position: number) => Promise<unknown>, limit: number) {
  let next = 0;
  const lane = async () => {
    while (next < count) await job(next++);
  };
  const lanes = Math.max(1, Math.min(limit, count));
  const running: Promise<unknown>[] = new Array(lanes);
  if (lanes === count) {
    // Everything fits under the bound (a 10-record batch): start each job directly, no lane around it.
    for (let position = 0; position < count; position++) running[position] = job(position);
  } else {
    for (let index = 0; index < lanes; index++) running[index] = lane();
  }
  await Promise.all(running);
}

async function runBatch<Item, Value, Result = Value>(
  items: readonly Item[],
  work: (item: Item, index: number) => Promise<Value>,
  options: BatchOptions<Item, Value, Result> = {},
): Promise<PromiseSettledResult<Result>[]> {
  const results: PromiseSettledResult<Result>[] = new Array(items.length);
  const { resultOf } = options;
  const settle = async (index: number): Promise<boolean> => {
    try {
      const given = await work(items[index] as Item, index);
      const value = resultOf ? resultOf(given, index) : (given as unknown as Result);
      results[index] =
        value === undefined
          ? (FULFILLED_VOID as PromiseFulfilledResult<Result>)
          : { status: 'fulfilled', value };
      return true;
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
      return false;
    }
  };
  const limit = options.concurrency ?? 10;
  const { groupOf } = options;
  if (!groupOf) {
    await runBounded(items.length, settle, limit);
    return results;
  }
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
  const runGroup = async (position: number) => {
    let failed = false;
    for (const index of ordered[position] as number[]) {
      if (failed) results[index] = { status: 'rejected', reason: skipped(items[index] as Item) };
      else failed = !(await settle(index));
    }
  };
  await runBounded(ordered.length, runGroup, limit);
  return results;
}

export type { BatchOptions };
export { FULFILLED_VOID, runBatch };
