/** A place in line for a set of message groups; see {@link FifoGroupGate}. */
type GroupTicket = {
  /** Resolves when no earlier batch holding any of the groups is still in flight. */
  ready: Promise<void>;
  /** Give the groups up; call exactly once, after the batch's messages were deleted or left. */
  release: () => void;
};

/**
 * Keeps at most one batch per FIFO message group in flight inside one mapping.
 *
 * SQS already locks a group while any of its messages is in flight, so normally this never
 * waits. It matters when SQS hands a group out again early: the handler set a message's
 * visibility to 0, or the visibility timeout ran out during a long invocation. Lambda
 * documents "one batch at a time per group"; we enforce it by queueing the later batch.
 *
 * Tickets are taken synchronously in receive order, so waits form a chain, never a cycle.
 */
class FifoGroupGate {
  readonly #tails = new Map<string, Promise<void>>();

  /** Number of groups with a batch in flight or waiting. */
  get size(): number {
    return this.#tails.size;
  }

  take(groupIds: Iterable<string>): GroupTicket {
    const groups = [...new Set(groupIds)];
    const earlier = groups.flatMap((group) => {
      const tail = this.#tails.get(group);
      return tail === undefined ? [] : [tail];
    });
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const group of groups) this.#tails.set(group, done);
    return {
      ready: Promise.all(earlier).then(() => undefined),
      release: () => {
        release();
        for (const group of groups) {
          // A later batch may already have queued behind us; its tail must stay.
          if (this.#tails.get(group) === done) this.#tails.delete(group);
        }
      },
    };
  }
}

export type { GroupTicket };
export { FifoGroupGate };
