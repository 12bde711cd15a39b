/**
 * Resolution must not depend on the order tasks were registered in: the most specific wildcard and the
 * longest schedule suffix win however the registry record happens to be written.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import type { WorkMessage } from '../../src/core/message.js';
import { createRegistry, defineTask, type Task, type TaskContext } from '../../src/core/registry.js';

const task = (name: string): Task => defineTask({ name, parse: (payload) => payload, run: async () => {} });

describe('task resolution order', () => {
  it('the most specific wildcard wins even when the general one is registered first', () => {
    const registry = createRegistry({
      's3:*': task('s3:*'),
      's3:ObjectCreated:*': task('s3:ObjectCreated:*'),
      's3:ObjectCreated:Put:*': task('s3:ObjectCreated:Put:*'),
    });

    expect(registry.resolve({ route: 's3:ObjectCreated:Put:x', source: 's3' })?.name).toBe(
      's3:ObjectCreated:Put:*',
    );
    expect(registry.resolve({ route: 's3:ObjectCreated:Copy', source: 's3' })?.name).toBe(
      's3:ObjectCreated:*',
    );
    expect(registry.resolve({ route: 's3:ObjectRemoved:Delete', source: 's3' })?.name).toBe('s3:*');
  });

  it('a wildcard never matches a route that only shares its letters', () => {
    const registry = createRegistry({ 's3:ObjectCreated:*': task('s3:ObjectCreated:*') });

    expect(registry.resolve({ route: 's3:ObjectCreated', source: 's3' })).toBeUndefined();
    expect(registry.resolve({ route: 'x-s3:ObjectCreated:Put', source: 's3' })).toBeUndefined();
  });

  it('a name ending in `*` without a colon is an exact name, not a wildcard', () => {
    const registry = createRegistry({ 'report*': task('report*') });

    expect(registry.resolve({ route: 'report*', source: 'json' })?.name).toBe('report*');
    expect(registry.resolve({ route: 'reports', source: 'json' })).toBeUndefined();
  });

  it('the longest schedule suffix wins whatever the registration order', () => {
    const shortFirst = createRegistry({ report: task('report'), 'daily-report': task('daily-report') });
    const longFirst = createRegistry({ 'daily-report': task('daily-report'), report: task('report') });

    for (const registry of [shortFirst, longFirst]) {
      expect(registry.resolve({ route: 'svc-prod-daily-report', source: 'schedule' })?.name).toBe(
        'daily-report',
      );
      expect(registry.resolve({ route: 'svc-prod-report', source: 'schedule' })?.name).toBe('report');
    }
  });
});

describe('defineTask', () => {
  const context = (): TaskContext => ({
    message: { id: 'm-1' } as WorkMessage,
    log: createLogger({ sink: () => {} }),
    now: () => new Date(0),
    signal: new AbortController().signal,
  });

  it('runs with the parsed input and the context it was given', async () => {
    const seen: unknown[] = [];
    const given = context();
    const doubled = defineTask({
      name: 'double',
      parse: (payload) => (payload as { n: number }).n * 2,
      run: async (input, taskContext) => {
        seen.push(input, taskContext);
      },
    });

    await doubled.execute({ n: 21 }, given);

    expect(doubled.name).toBe('double');
    expect(seen).toEqual([42, given]);
  });

  it('a parse failure rejects without running the task', async () => {
    let ran = false;
    const strict = defineTask({
      name: 'strict',
      parse: () => {
        throw new Error('bad payload');
      },
      run: async () => {
        ran = true;
      },
    });

    await expect(strict.execute({}, context())).rejects.toThrow('bad payload');
    expect(ran).toBe(false);
  });
});
