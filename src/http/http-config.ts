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
};

const DEFAULT_REQUEST_TIMEOUT_MS = 290_000;

const readHttpConfig = (env: Env): HttpConfig => {
  const httpPath = env.HTTP_PATH || '/';
  if (!httpPath.startsWith('/') || /[?#\s]/.test(httpPath)) {
    throw new Error(`HTTP_PATH must be a path starting with '/', got ${JSON.stringify(env.HTTP_PATH)}`);
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: envInteger(env, 'PORT', { min: 0, max: 65_535 }) ?? 8080,
    httpPath,
    // sqsd's InactivityTimeout allows up to 36000 s.
    requestTimeoutMs:
      envInteger(env, 'REQUEST_TIMEOUT_MS', { min: 1, max: 36_000_000 }) ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
};

export type { HttpConfig };
export { DEFAULT_REQUEST_TIMEOUT_MS, readHttpConfig };
