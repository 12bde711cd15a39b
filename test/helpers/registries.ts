import { RetryableError } from '../../src/core/errors.js';
import {
  createRegistry,
  defineTask,
  type Registry,
  type Task,
  type TaskContext,
} from '../../src/core/registry.js';
import { tasks } from '../../src/tasks/index.js';

/** The app's tasks (the same objects src/tasks/index.ts registers), for registries that add test tasks. */
const appTasks: Record<string, Task> = { ...tasks };

/** A task whose whole behaviour is `run`; the payload is passed through unvalidated. */
const testOnlyTask = (name: string, run: (payload: unknown, context: TaskContext) => Promise<void>): Task =>
  defineTask({ name, parse: (payload) => payload, run });

/** Always throws a plain Error: classified retryable (TaskFailedError). */
const failingTask = (name = 'flaky', message = 'downstream timed out') =>
  testOnlyTask(name, async () => {
    throw new Error(message);
  });

/** Always asks for a retry explicitly. */
const busyTask = (name = 'busy') =>
  testOnlyTask(name, async () => {
    throw new RetryableError('lock held elsewhere');
  });

/** The app's registry plus `extra` test tasks. */
const appRegistryWith = (extra: Record<string, Task> = {}): Registry =>
  createRegistry({ ...appTasks, ...extra });

export { appRegistryWith, appTasks, busyTask, failingTask, testOnlyTask };
