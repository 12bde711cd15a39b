import { RetryableError } from '../../src/core/errors.js';
import { defineTask, type Task } from '../../src/core/registry.js';

/** One execution of a task, as a test observes it. */
type Execution = { route: string; id: string; receiveCount: number; ok: boolean };

const idOf = (payload: unknown): string =>
  String(
    (payload as { data?: { id?: unknown } } | null)?.data?.id ?? (payload as { id?: unknown } | null)?.id,
  );

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

/** Fails retryably until the message's receive count reaches `data.succeedOn`. */
const flakyTask = defineTask({
  name: 'flaky',
  parse: (payload) => payload as { data: { id: string; succeedOn: number } },
  run: async (payload, { message }) => {
    if (message.receiveCount < payload.data.succeedOn) {
      throw new RetryableError(`flaky ${payload.data.id}: attempt ${message.receiveCount} fails`);
    }
  },
});

/** Always asks for a retry: only the queue's redrive policy ends it. */
const busyTask = defineTask({
  name: 'busy',
  parse: (payload) => payload,
  run: async () => {
    throw new RetryableError('lock held elsewhere');
  },
});

export type { Execution };
export { busyTask, flakyTask, idOf, recording };
