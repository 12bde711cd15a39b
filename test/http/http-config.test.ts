import { describe, expect, it } from 'vitest';
import { readHttpConfig } from '../../src/http/http-config.js';

describe('readHttpConfig', () => {
  it('defaults: loopback, 8080, /, 290 s, 128 connections, 10 s for headers, no periodic paths, 60 s metrics', () => {
    expect(readHttpConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      httpPath: '/',
      requestTimeoutMs: 290_000,
      maxConnections: 128,
      headersTimeoutMs: 10_000,
      periodicPaths: [],
      metricsIntervalMs: 60_000,
    });
  });

  it('reads METRICS_INTERVAL_MS; 0 means one EMF document per request', () => {
    expect(readHttpConfig({ METRICS_INTERVAL_MS: '0' }).metricsIntervalMs).toBe(0);
    expect(readHttpConfig({ METRICS_INTERVAL_MS: '5000' }).metricsIntervalMs).toBe(5000);
    expect(() => readHttpConfig({ METRICS_INTERVAL_MS: '-1' })).toThrow(/METRICS_INTERVAL_MS/);
  });

  it('reads decimal integers', () => {
    expect(readHttpConfig({ PORT: '0', REQUEST_TIMEOUT_MS: '1000' })).toMatchObject({
      port: 0,
      requestTimeoutMs: 1000,
    });
  });

  // The worker settings refuse these too: one integer rule for every variable.
  it.each(['1e3', '0x10', ' 80', '80.0', '-1'])('refuses PORT=%j, naming the variable', (raw) => {
    expect(() => readHttpConfig({ PORT: raw })).toThrow(
      `PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}`,
    );
  });
});
