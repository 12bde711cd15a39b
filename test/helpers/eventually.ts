type EventuallyOptions = {
  /** Give up (and fail the test) after this long. @defaultValue 40_000 (a tier start plus a few polls) */
  timeoutMs?: number;
  /** Pause between checks. @defaultValue 50 */
  everyMs?: number;
};

/**
 * Polls `check` until it returns something other than undefined. Bounded, so a stuck emulator or tier fails
 * the test with a message instead of hanging it; the bound is on wall time, not on the number of checks,
 * because a check may itself wait (a receive, a drain).
 */
async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: EventuallyOptions = {},
): Promise<T> {
  const { timeoutMs = 40_000, everyMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (let checks = 1; ; checks++) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline)
      throw new Error(`condition not met after ${checks} checks in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export type { EventuallyOptions };
export { eventually };
