/** The injected clock's time in epoch ms; without one, no Date per reading: Date.now() is the same clock. */
function readClock(now: (() => Date) | undefined): number {
  return now === undefined ? Date.now() : now().getTime();
}

/** Already resolved: a turn's reading expires in one reaction on it. */
const RESOLVED = Promise.resolve();

/**
 * A batch's clock, shared by its records (see DispatchDeps.clock), read at most once per microtask turn:
 * records that end in the same turn (a batch of quick tasks ends in one) share one reading, where
 * reading the clock per record cost a no-op batch more than its metrics. A turn is short unless a task
 * computes synchronously; then a record ending after that computation in the same turn is timed as
 * ending before it.
 */
class BatchClock {
  /** The latest reading, epoch ms: where a record that starts now starts. */
  ms: number;
  readonly #now: (() => Date) | undefined;
  #fresh = false;
  /** One closure per batch, not one per reading. */
  readonly #expire = () => {
    this.#fresh = false;
  };

  /** Reads the clock: the batch's start. */
  constructor(now?: () => Date) {
    this.#now = now;
    this.ms = readClock(now);
  }

  /** The time now: this turn's reading, read now if the turn has none yet. */
  read(): number {
    if (!this.#fresh) {
      this.ms = readClock(this.#now);
      this.#fresh = true;
      RESOLVED.then(this.#expire);
    }
    return this.ms;
  }
}

export { BatchClock, readClock };
