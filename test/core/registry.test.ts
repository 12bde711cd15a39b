import { describe, expect, it } from 'vitest';
import type { SourceKind } from '../../src/core/message.js';
import { createRegistry, defineTask, type Task } from '../../src/core/registry.js';
import { registry as appRegistry } from '../../src/tasks/index.js';

const task = (name: string): Task => defineTask({ name, parse: (payload) => payload, run: async () => {} });

const registry = createRegistry({
  cleanup: task('cleanup'),
  report: task('report'),
  'daily-report': task('daily-report'),
  's3:TestEvent': task('s3:TestEvent'),
  's3:ObjectCreated:*': task('s3:ObjectCreated:*'),
  's3:*': task('s3:*'),
});

const resolved = (route: string, source: SourceKind = 'json') => registry.resolve({ route, source })?.name;

describe('createRegistry: resolution', () => {
  it.each([
    // Exact names win over everything.
    { route: 'cleanup', source: 'json', task: 'cleanup' },
    { route: 's3:TestEvent', source: 's3-test', task: 's3:TestEvent' },
    // S3 event names fall back to the most specific wildcard.
    { route: 's3:ObjectCreated:Put', source: 's3', task: 's3:ObjectCreated:*' },
    { route: 's3:ObjectCreated:CompleteMultipartUpload', source: 's3', task: 's3:ObjectCreated:*' },
    { route: 's3:ObjectRemoved:Delete', source: 's3', task: 's3:*' },
    // Schedule names: `<anything>-<task>`, the longest registered suffix, only for schedules.
    { route: 'worker-tier-dev-cleanup', source: 'schedule', task: 'cleanup' },
    { route: 'svc-daily-report', source: 'schedule', task: 'daily-report' },
    { route: 'svc-weekly-report', source: 'schedule', task: 'report' },
  ] as const)('$route ($source) -> $task', ({ route, source, task: name }) => {
    expect(resolved(route, source)).toBe(name);
  });

  it.each([
    { route: 'worker-tier-dev-cleanup', source: 'json' },
    { route: 'worker-tier-dev-cleanup', source: 'sqsd-periodic' },
    { route: 'worker-tier-dev-cleanup', source: 'eventbridge' },
    // The suffix must follow a dash: `xcleanup` is not `cleanup`.
    { route: 'svc-xcleanup', source: 'schedule' },
    { route: 'cleanup-svc', source: 'schedule' },
    { route: 'sqs:Anything', source: 'json' },
    { route: 'invoice_reminder', source: 'json' },
    { route: '', source: 'json' },
    { route: '__proto__', source: 'json' },
    { route: 'constructor', source: 'schedule' },
  ] as const)('$route ($source) -> nothing', ({ route, source }) => {
    expect(resolved(route, source)).toBeUndefined();
  });

  it('lists the registered names in registration order', () => {
    expect(registry.names).toEqual([
      'cleanup',
      'report',
      'daily-report',
      's3:TestEvent',
      's3:ObjectCreated:*',
      's3:*',
    ]);
  });
});

describe('createRegistry: configuration mistakes throw at startup', () => {
  it('a task registered under a key that is not its name', () => {
    expect(() => createRegistry({ cleanup: task('backup') })).toThrow(
      "task registered as 'cleanup' is named 'backup'",
    );
  });

  it('the same task registered twice under two keys', () => {
    const cleanup = task('cleanup');

    expect(() => createRegistry({ cleanup, nightly: cleanup })).toThrow(
      "task registered as 'nightly' is named 'cleanup'",
    );
  });
});

describe("the app's registry", () => {
  it('holds every EB task and resolves each by its own name', () => {
    const names = [
      'test',
      'user_signup',
      'order_processing',
      'scheduled',
      'cleanup',
      'reports',
      'backup',
      's3:TestEvent',
      'retry_demo',
    ];

    expect([...appRegistry.names].sort()).toEqual([...names].sort());
    for (const name of names) expect(appRegistry.resolve({ route: name, source: 'json' })?.name).toBe(name);
  });
});
