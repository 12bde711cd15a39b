import { type Agent, request } from 'node:http';

/** How one POST ended. Only `response` carries a status; sqsd ignores the body and headers. */
type PostOutcome =
  | { kind: 'response'; status: number; elapsedMs: number }
  | { kind: 'error'; reason: string; elapsedMs: number }
  /** Cut short by `stop({ drain: false })`: the message is left as it is. */
  | { kind: 'aborted'; elapsedMs: number };

type PostTarget = { url: URL; headers: Record<string, string>; body: Buffer };

type PostLimits = {
  agent: Agent;
  connectTimeoutMs: number;
  inactivityTimeoutMs: number;
  signal: AbortSignal;
};

// Stale pooled sockets are dropped as they fail; a few attempts get past them to a fresh one.
const MAX_ATTEMPTS = 3;

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined || message.includes(code) ? message : `${code}: ${message}`;
}

/** One attempt. `staleSocket`: a reused keep-alive socket was reset before any response arrived. */
function attempt(
  target: PostTarget,
  limits: PostLimits,
): Promise<{ outcome: PostOutcome; staleSocket: boolean }> {
  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let done = false;
    let responded = false;
    let timeoutReason: string | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: PostOutcome, staleSocket = false) => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      resolve({ outcome, staleSocket });
    };
    const fail = (reason: string) =>
      finish({ kind: 'error', reason: timeoutReason ?? reason, elapsedMs: elapsedMs() });
    const req = request(target.url, {
      method: 'POST',
      agent: limits.agent,
      headers: target.headers,
      signal: limits.signal,
    });
    // InactivityTimeout is idle time on the open connection: Node's socket timeout resets on every byte,
    // as em-http's inactivity_timeout does, so a streaming response may run longer
    // (docs/sqsd-behaviour.md#timeouts).
    req.setTimeout(limits.inactivityTimeoutMs, () => {
      timeoutReason = `no response data for ${limits.inactivityTimeoutMs / 1000} s (InactivityTimeout)`;
      req.destroy(new Error(timeoutReason));
    });
    req.once('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => {
        timeoutReason = `not connected after ${limits.connectTimeoutMs / 1000} s (ConnectTimeout)`;
        req.destroy(new Error(timeoutReason));
      }, limits.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.once('response', (res) => {
      responded = true;
      res.on('error', () => {}); // reported through 'close' below
      res.once('end', () =>
        finish({ kind: 'response', status: res.statusCode ?? 0, elapsedMs: elapsedMs() }),
      );
      res.once('close', () => {
        if (!res.complete) fail(`connection closed before the ${res.statusCode} response ended`);
      });
      res.resume(); // the body is ignored, but must be read for the socket to be reused
    });
    req.once('error', (error) => {
      if (limits.signal.aborted) return finish({ kind: 'aborted', elapsedMs: elapsedMs() });
      const reset = (error as NodeJS.ErrnoException).code === 'ECONNRESET';
      if (reset && req.reusedSocket && !responded && timeoutReason === undefined) {
        return finish({ kind: 'error', reason: describe(error), elapsedMs: elapsedMs() }, true);
      }
      fail(describe(error));
    });
    req.end(target.body);
  });
}

/**
 * POST to the app. A refused connection, ConnectTimeout, InactivityTimeout or a connection that breaks
 * mid-response is an `error` (the daemon treats it like a failed status). A pooled keep-alive
 * connection the server closed before answering is retried at once, uncounted, as sqsd 2.0 does
 * (docs/sqsd-behaviour.md#response-handling).
 */
async function postToApp(target: PostTarget, limits: PostLimits): Promise<PostOutcome> {
  let result = await attempt(target, limits);
  for (let tries = 1; result.staleSocket && tries < MAX_ATTEMPTS; tries++)
    result = await attempt(target, limits);
  return result.outcome;
}

export type { PostLimits, PostOutcome, PostTarget };
export { postToApp };
