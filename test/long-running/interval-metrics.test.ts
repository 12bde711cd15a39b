import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryableError } from '../../src/core/errors.js';
import { batchMetrics } from '../../src/core/metrics.js';
import type { Verdict } from '../../src/core/process-delivery.js';
import { createIntervalMetrics } from '../../src/long-running/interval-metrics.js';

const ok = (task: string, durationMs: number): Verdict => ({
  action: 'ack',
  outcome: { status: 'ok', task, durationMs, message: { route: task, payload: {} } as never },
});
const retry = (task: string, durationMs: number): Verdict => ({
  action: 'retry',
  outcome: { status: 'retry', task, durationMs, error: new RetryableError('boom', { messageId: 'm' }) },
});

const T0 = Date.UTC(2026, 10, 30, 12);

describe('createIntervalMetrics', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sums N verdicts into one document per task, written when the interval ends', () => {
    const lines: string[] = [];
    const metrics = createIntervalMetrics({
      emit: (line) => lines.push(line),
      service: 'svc',
      intervalMs: 60_000,
      onError: () => {},
    });
    const count = 250;
    for (let index = 0; index < count; index++) metrics.record(ok('test', 2));
    metrics.record(retry('test', 5));
    metrics.record(ok('reports', 7));
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(60_000);
    const documents = lines.map((line) => JSON.parse(line));
    expect(documents).toHaveLength(2);
    const test = documents.find((document) => document.Task === 'test');
    expect(test).toMatchObject({ Service: 'svc', Processed: count, Failed: 1, DeadLettered: 0 });
    expect(test.Duration).toBe(count * 2 + 5);
    expect(test._aws.Timestamp).toBe(T0 + 60_000);
    // The same directive (namespace, dimensions, metric names and units) the Lambda worker writes.
    const [lambda] = batchMetrics([ok('test', 1)], { service: 'svc', timestamp: 0 });
    expect(test._aws.CloudWatchMetrics).toEqual(lambda?._aws.CloudWatchMetrics);
    expect(documents.find((document) => document.Task === 'reports')).toMatchObject({ Processed: 1 });
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(2);
  });

  it('close() writes the partial interval; afterwards, and with intervalMs 0, one document per verdict', () => {
    const lines: string[] = [];
    const metrics = createIntervalMetrics({
      emit: (line) => lines.push(line),
      service: 'svc',
      intervalMs: 60_000,
      onError: () => {},
    });
    metrics.record(ok('test', 1));
    metrics.record(ok('test', 1));
    metrics.close();
    expect(lines.map((line) => JSON.parse(line).Processed)).toEqual([2]);
    metrics.record(ok('test', 1));
    expect(lines).toHaveLength(2);
    const immediate: string[] = [];
    const perVerdict = createIntervalMetrics({
      emit: (line) => immediate.push(line),
      service: 'svc',
      intervalMs: 0,
      onError: () => {},
    });
    perVerdict.record(ok('test', 1));
    expect(immediate.map((line) => JSON.parse(line).Processed)).toEqual([1]);
  });

  it('reports a throwing sink to onError and keeps counting', () => {
    const errors: unknown[] = [];
    const metrics = createIntervalMetrics({
      emit: () => {
        throw new Error('EPIPE');
      },
      service: 'svc',
      intervalMs: 0,
      onError: (error) => errors.push(error),
    });
    expect(() => metrics.record(ok('test', 1))).not.toThrow();
    expect(errors).toEqual([expect.objectContaining({ message: 'EPIPE' })]);
  });
});
