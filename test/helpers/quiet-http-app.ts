import { createLogger } from '../../src/core/logger.js';
import { createHttpApp } from '../../src/http/app.js';
import type { HttpAppDeps } from '../../src/http/http-app-deps.js';
import { testRegistry } from './registries.js';

/**
 * The adapter's request listener with the test registry, logs and metrics dropped, sqsd's path and a
 * 1 MiB body limit; `overrides` replace any of these. For tests that drive `node:http` themselves.
 */
function quietHttpApp(overrides: Partial<HttpAppDeps> = {}) {
  return createHttpApp({
    registry: testRegistry().registry,
    log: createLogger({ sink: () => {} }),
    emitMetrics: () => {},
    service: 'worker-tier-test',
    httpPath: '/',
    periodicPaths: [],
    requestTimeoutMs: 10_000,
    bodyLimitBytes: 1024 * 1024,
    ...overrides,
  });
}

export { quietHttpApp };
