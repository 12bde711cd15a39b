import { RetryableError } from '../../src/core/errors.js';
import type { WorkMessage } from '../../src/core/message.js';
import {
  createRegistry,
  defineTask,
  type Registry,
  type Task,
  type TaskContext,
} from '../../src/core/registry.js';
import { tasks } from '../../src/tasks/index.js';

/**
 * The one home of test registries and test tasks: every registry a test runs is the app's tasks (the same
 * objects src/tasks/index.ts registers) plus the test tasks it names, built by `appRegistryWith`.
 */

/** The app's tasks, for registries that add test tasks. */
const appTasks: Record<string, Task> = { ...tasks };

/** A task whose whole behaviour is `run`; the payload is passed through unvalidated. */
function testOnlyTask(name: string, run: (payload: unknown, context: TaskContext) => Promise<void>): Task {
  return defineTask({ name, parse: (payload) => payload, run });
}

/** Always throws a plain Error: classified retryable (TaskFailedError). */
function failingTask(name = 'flaky', message = 'downstream timed out'): Task {
  return testOnlyTask(name, async () => {
    throw new Error(message);
  });
}

/** Always asks for a retry explicitly: only the queue's redrive policy ends it. */
function busyTask(name = 'busy'): Task {
  return testOnlyTask(name, async () => {
    throw new RetryableError('lock held elsewhere');
  });
}

/** Fails retryably until the message's receive count reaches `succeedOn` (sent flat or in `data`). */
const flakyTask = defineTask({
  name: 'flaky',
  parse: (payload) => payload as { id: string; succeedOn: number },
  run: async (payload, { message }) => {
    if (message.receiveCount < payload.succeedOn) {
      throw new RetryableError(`flaky ${payload.id}: attempt ${message.receiveCount} fails`);
    }
  },
});

/** The app's registry plus `extra` test tasks. */
function appRegistryWith(extra: Record<string, Task> = {}): Registry {
  return createRegistry({ ...appTasks, ...extra });
}

/** One execution of a task, as a test observes it. */
type Execution = { route: string; id: string; receiveCount: number; ok: boolean };

/** The core lifts a `data` object's fields next to `type` (src/core/data-envelope.ts), so `id` is flat. */
function idOf(payload: unknown): string {
  return String((payload as { id?: unknown } | null)?.id);
}

/** Wraps a task so each execution (and whether it threw) is recorded. */
function recording(task: Task, executions: Execution[]): Task {
  return {
    name: task.name,
    execute: async (payload, context) => {
      const entry = {
        route: task.name,
        id: idOf(payload),
        receiveCount: context.message.receiveCount,
        ok: false,
      };
      executions.push(entry);
      await task.execute(payload, context);
      entry.ok = true;
    },
  };
}

/** What a `record` task run saw: the message as unwrapped, and the abort signal it was given. */
type Seen = { message: WorkMessage; signal: AbortSignal };

/** A gate a test opens to let a waiting task finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/**
 * The app's tasks plus `record` (keeps what it saw), `flaky` and `crash` (fail retryably, the second with
 * a plain TypeError as buggy code would) and `slow` (waits for `releaseSlow` or for its signal).
 */
function testRegistry() {
  const seen: Seen[] = [];
  const started: Array<() => void> = [];
  let release = gate();
  const registry = appRegistryWith({
    record: testOnlyTask('record', async (_payload, { message, signal }) => {
      seen.push({ message, signal });
    }),
    flaky: testOnlyTask('flaky', async () => {
      throw new RetryableError('downstream timed out');
    }),
    crash: testOnlyTask('crash', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    }),
    slow: testOnlyTask('slow', async (_payload, { message, signal }) => {
      seen.push({ message, signal });
      for (const resolve of started.splice(0)) resolve();
      const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      await Promise.race([release.opened, aborted]);
    }),
  });
  return {
    registry,
    seen,
    /** Resolves when the next `slow` run has started. */
    slowStarted: () => new Promise<void>((resolve) => started.push(resolve)),
    releaseSlow: () => {
      release.open();
      release = gate();
    },
  };
}

export type { Execution, Seen };
export {
  appRegistryWith,
  appTasks,
  busyTask,
  failingTask,
  flakyTask,
  gate,
  idOf,
  recording,
  testOnlyTask,
  testRegistry,
};
