import { sleep } from './clock.js';

/** Back-off cap, so an endpoint that comes back is polled again within seconds. */
const MAX_BACKOFF_MS = 5000;

/**
 * Run `poll` until `signal` aborts. When it throws (and `signal` has not aborted), `onError` gets the error
 * and the count of consecutive failures, then the loop backs off (200 ms doubling, capped at 5 s) so an
 * unreachable endpoint is not hammered. A poll that returns resets the count. The event source mapping
 * and the sqsd daemon both receive through this loop.
 */
async function pollWithBackoff(
  signal: AbortSignal,
  poll: () => Promise<void>,
  onError: (error: unknown, consecutiveErrors: number) => void,
): Promise<void> {
  let consecutiveErrors = 0;
  while (!signal.aborted) {
    try {
      await poll();
      consecutiveErrors = 0;
    } catch (error) {
      if (signal.aborted) break;
      consecutiveErrors++;
      onError(error, consecutiveErrors);
      await sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** consecutiveErrors), signal);
    }
  }
}

export { pollWithBackoff };
