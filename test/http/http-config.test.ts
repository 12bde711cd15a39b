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

  it('reads every setting from its variable, as the EB bundle sets them', () => {
    expect(
      readHttpConfig({
        HOST: '0.0.0.0',
        PORT: '8081',
        HTTP_PATH: '/worker',
        REQUEST_TIMEOUT_MS: '60000',
        MAX_CONNECTIONS: '101',
        HEADERS_TIMEOUT_MS: '5000',
        PERIODIC_PATHS: '/cleanup,/reports',
        METRICS_INTERVAL_MS: '0',
      }),
    ).toEqual({
      host: '0.0.0.0',
      port: 8081,
      httpPath: '/worker',
      requestTimeoutMs: 60_000,
      maxConnections: 101,
      headersTimeoutMs: 5000,
      periodicPaths: ['/cleanup', '/reports'],
      metricsIntervalMs: 0,
    });
  });

  it.each([
    ['PORT', '65536', '0 to 65535'],
    ['REQUEST_TIMEOUT_MS', '0', '1 to 36000000'],
    // sqsd's InactivityTimeout goes up to 36000 s; a longer request timeout could never fire first.
    ['REQUEST_TIMEOUT_MS', '36000001', '1 to 36000000'],
    ['MAX_CONNECTIONS', '0', '1 to 100000'],
    ['MAX_CONNECTIONS', '100001', '1 to 100000'],
    ['HEADERS_TIMEOUT_MS', '0', '1 to 3600000'],
    ['HEADERS_TIMEOUT_MS', '3600001', '1 to 3600000'],
    ['METRICS_INTERVAL_MS', '3600001', '0 to 3600000'],
  ])('refuses %s=%s, naming the allowed range', (name, raw, range) => {
    expect(() => readHttpConfig({ [name]: raw })).toThrow(
      `${name} must be an integer from ${range}, got "${raw}"`,
    );
  });

  it.each(['/', '/worker', '/worker/', '/jobs/run', '/v1.2/sqs-worker_main'])(
    'accepts HTTP_PATH=%s, as sqsd sends it',
    (path) => {
      expect(readHttpConfig({ HTTP_PATH: path }).httpPath).toBe(path);
    },
  );

  it('reads an empty HTTP_PATH as /', () => {
    expect(readHttpConfig({ HTTP_PATH: '' }).httpPath).toBe('/');
  });

  it.each([
    'worker',
    'http://localhost/worker',
    '/worker?queue=main',
    '/worker#main',
    '/work er',
    '//worker',
    '/jobs//run',
    '/../worker',
    '/jobs/..',
    '/./worker',
    '/jobs/.',
  ])('refuses HTTP_PATH=%j, which sqsd would never POST to', (path) => {
    expect(() => readHttpConfig({ HTTP_PATH: path })).toThrow(
      `HTTP_PATH must be a path starting with '/', got ${JSON.stringify(path)}`,
    );
  });

  it('reads PERIODIC_PATHS as a comma-separated list, trimmed, each path once', () => {
    expect(readHttpConfig({ PERIODIC_PATHS: ' /cleanup , /reports,/cleanup ' }).periodicPaths).toEqual([
      '/cleanup',
      '/reports',
    ]);
    expect(readHttpConfig({ PERIODIC_PATHS: '' }).periodicPaths).toEqual([]);
    expect(readHttpConfig({ PERIODIC_PATHS: '  ' }).periodicPaths).toEqual([]);
  });

  it.each([
    ['/cleanup,reports', 'reports'],
    ['/cleanup,,/reports', ''],
    ['/cleanup?full=1', '/cleanup?full=1'],
    ['/jobs/../cleanup', '/jobs/../cleanup'],
  ])('refuses PERIODIC_PATHS=%j, naming the bad entry', (raw, bad) => {
    expect(() => readHttpConfig({ PERIODIC_PATHS: raw })).toThrow(
      `PERIODIC_PATHS must be comma-separated paths such as /cleanup, got ${JSON.stringify(bad)}`,
    );
  });
});
