import { type Env, envInteger } from '../env-integer.js';

/**
 * The HTTP adapter's own settings, read from the environment once at start-up (the worker settings come
 * from `readWorkerConfig`). Invalid values stop the process with a message naming the variable.
 */
type HttpConfig = {
  /** Interface to bind. Loopback by default: on EB, nginx on port 80 proxies sqsd's POSTs here. @defaultvalue '127.0.0.1' */
  host: string;
  /** @defaultvalue 8080 (the EB Node.js platform's nginx upstream) */
  port: number;
  /** Must equal the environment's sqsd `HttpPath`. @defaultvalue '/' */
  httpPath: string;
  /**
   * Answer 500 and abort the task after this long. Keep it below sqsd's `InactivityTimeout` (default
   * 299 s) and nginx's `proxy_read_timeout`, so the adapter decides the retry, not a proxy. @defaultvalue 290000
   */
  requestTimeoutMs: number;
  /**
   * Connections open at once; more are dropped at accept (the caller retries). sqsd itself opens at most
   * `HttpConnections` (1-100), so the EB bundle sets this just above it. @defaultValue 128
   */
  maxConnections: number;
  /** A client that has not sent its whole request head by then is disconnected. @defaultValue 10000 */
  headersTimeoutMs: number;
  /**
   * The periodic-task paths (cron.yaml `url`s) accepted besides `httpPath`; every other path is 404.
   * `npm run package:eb` derives them from the schedules in serverless.yml (comma-separated
   * `PERIODIC_PATHS`). @defaultValue none
   */
  periodicPaths: string[];
  /**
   * EMF counts are summed over this interval and written as one document per task when it ends and at
   * stop, instead of one per request; `0` writes one per request. @defaultValue 60000
   */
  metricsIntervalMs: number;
};

const DEFAULT_REQUEST_TIMEOUT_MS = 290_000;
const DEFAULT_MAX_CONNECTIONS = 128;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_METRICS_INTERVAL_MS = 60_000;

/** A request path as sqsd sends it: absolute, no query, fragment, whitespace, dot or empty segments. */
function isPlainPath(path: string): boolean {
  return path === '/' || (/^(\/[^/?#\s]+)+\/?$/.test(path) && !/\/\.\.?(\/|$)/.test(path));
}

function readPeriodicPaths(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const paths = raw.split(',').map((path) => path.trim());
  const bad = paths.find((path) => !isPlainPath(path));
  if (bad !== undefined) {
    throw new Error(
      `PERIODIC_PATHS must be comma-separated paths such as /cleanup, got ${JSON.stringify(bad)}`,
    );
  }
  return [...new Set(paths)];
}

const readHttpConfig = (env: Env): HttpConfig => {
  const httpPath = env.HTTP_PATH || '/';
  if (!isPlainPath(httpPath)) {
    throw new Error(`HTTP_PATH must be a path starting with '/', got ${JSON.stringify(env.HTTP_PATH)}`);
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: envInteger(env, 'PORT', { min: 0, max: 65_535 }) ?? 8080,
    httpPath,
    // sqsd's InactivityTimeout allows up to 36000 s.
    requestTimeoutMs:
      envInteger(env, 'REQUEST_TIMEOUT_MS', { min: 1, max: 36_000_000 }) ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxConnections: envInteger(env, 'MAX_CONNECTIONS', { min: 1, max: 100_000 }) ?? DEFAULT_MAX_CONNECTIONS,
    headersTimeoutMs:
      envInteger(env, 'HEADERS_TIMEOUT_MS', { min: 1, max: 3_600_000 }) ?? DEFAULT_HEADERS_TIMEOUT_MS,
    periodicPaths: readPeriodicPaths(env.PERIODIC_PATHS),
    metricsIntervalMs:
      envInteger(env, 'METRICS_INTERVAL_MS', { min: 0, max: 3_600_000 }) ?? DEFAULT_METRICS_INTERVAL_MS,
  };
};

export type { HttpConfig };
export { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS, readHttpConfig };
