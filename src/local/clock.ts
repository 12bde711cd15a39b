/** Opaque handle of a timer set through a {@link Clock}. */
type TimerHandle = { readonly id: number };

/** Time source and timers, injectable so schedules can be tested without waiting. */
type Clock = {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Call `callback` once after `delayMs`. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
};

/** The real clock: `Date.now()` and `setTimeout`. */
function createSystemClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 0;
  return {
    now: () => Date.now(),
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          callback();
        }, delayMs),
      );
      return { id };
    },
    clearTimer(handle) {
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
  };
}

/** A clock that only moves when told to; for tests. */
type ManualClock = Clock & {
  /** Move time forward by `ms`, firing due timers in time order (timers they set fire too). */
  advance(ms: number): void;
  /** Move time forward to `time` (epoch ms or Date). */
  advanceTo(time: number | Date): void;
  /** Number of pending timers. */
  readonly pending: number;
};

function createManualClock(start: number | Date = 0): ManualClock {
  let now = typeof start === 'number' ? start : start.getTime();
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const advanceTo = (time: number | Date): void => {
    const target = typeof time === 'number' ? time : time.getTime();
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of timers) {
        if (entry[1].at <= target && (due === undefined || entry[1].at < due[1].at)) due = entry;
      }
      if (due === undefined) break;
      timers.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].callback();
    }
    now = Math.max(now, target);
  };
  return {
    now: () => now,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, delayMs), callback });
      return { id };
    },
    clearTimer: (handle) => void timers.delete(handle.id),
    advance: (ms) => advanceTo(now + ms),
    advanceTo,
    get pending() {
      return timers.size;
    },
  };
}

/**
 * Resolve after `ms` of real time, or at once when `signal` aborts (never rejects). Not a {@link Clock}:
 * back-offs and batching windows are short waits that tests never need to fast-forward.
 */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export type { Clock, ManualClock, TimerHandle };
export { createManualClock, createSystemClock, sleep };
