/**
 * Tools to observe concurrency without timing: work waits on promises the test resolves by hand, and a
 * probe counts what is in flight. Nothing here sleeps.
 */

type Deferred<T = void> = {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
};

const deferred = <T = void>(): Deferred<T> => {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** Lets every pending promise callback run (one macrotask turn drains the microtask queue). */
const flush = async (turns = 3): Promise<void> => {
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Counts work in flight and remembers the peak and the start order. */
const inFlightProbe = <Key = string>() => {
  let current = 0;
  let peak = 0;
  const started: Key[] = [];
  const finished: Key[] = [];
  return {
    started,
    finished,
    get current() {
      return current;
    },
    get peak() {
      return peak;
    },
    /** Wraps `work` so it is counted while it runs. */
    async track<T>(key: Key, work: () => Promise<T>): Promise<T> {
      current++;
      peak = Math.max(peak, current);
      started.push(key);
      try {
        return await work();
      } finally {
        current--;
        finished.push(key);
      }
    },
  };
};

/** One hand-released gate per key, created on first use. */
const gates = <Key = string>() => {
  const byKey = new Map<Key, Deferred<void>>();
  const gate = (key: Key) => {
    let entry = byKey.get(key);
    if (!entry) {
      entry = deferred<void>();
      byKey.set(key, entry);
    }
    return entry;
  };
  return {
    wait: (key: Key) => gate(key).promise,
    open: (key: Key) => gate(key).resolve(),
    fail: (key: Key, reason: unknown) => gate(key).reject(reason),
  };
};

export type { Deferred };
export { deferred, flush, gates, inFlightProbe };
