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
type BatchOptions<Item> = {
  /** Upper bound on items (or groups) in flight. @defaultValue 10 */
  concurrency?: number;
  groupOf?: (item: Item) => string | undefined;
  /** The error reported for an item skipped after its group failed. */
  skippedError?: (item: Item) => Error;
};

/** Runs `jobs` with at most `limit` in flight; each job settles on its own. */
async function runBounded(jobs: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (job) await job();
    }
  };
  const lanes = Math.max(1, Math.min(limit, jobs.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}

async function runBatch<Item, Result>(
  items: readonly Item[],
  work: (item: Item, index: number) => Promise<Result>,
  options: BatchOptions<Item> = {},
): Promise<PromiseSettledResult<Result>[]> {
  const results: PromiseSettledResult<Result>[] = new Array(items.length);
  const settle = async (index: number): Promise<boolean> => {
    try {
      results[index] = { status: 'fulfilled', value: await work(items[index] as Item, index) };
      return true;
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
      return false;
    }
  };
  const limit = options.concurrency ?? 10;
  const { groupOf } = options;
  if (!groupOf) {
    await runBounded(
      items.map((_, index) => async () => void (await settle(index))),
      limit,
    );
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
  const runGroup = (indexes: number[]) => async () => {
    let failed = false;
    for (const index of indexes) {
      if (failed) results[index] = { status: 'rejected', reason: skipped(items[index] as Item) };
      else failed = !(await settle(index));
    }
  };
  await runBounded([...groups.values()].map(runGroup), limit);
  return results;
}

export type { BatchOptions };
export { runBatch };
