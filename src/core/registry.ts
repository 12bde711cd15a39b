import type { Logger } from './logger.js';
import type { WorkMessage } from './message.js';

/** Sends a follow-up message to a queue (injected; tasks never build SDK clients). */
type QueueSender = (body: string, options?: { delaySeconds?: number; groupId?: string }) => Promise<void>;

/** What a task may use. Everything is injected so tests can observe it. */
type TaskContext = {
  message: WorkMessage;
  log: Logger;
  now: () => Date;
  /** Aborted when the invocation is about to time out or the process is shutting down. */
  signal: AbortSignal;
  send?: QueueSender;
};

/** A task as written: `parse` validates (throwing ValidationError), `run` does the work. */
type TaskDefinition<Input> = {
  name: string;
  parse: (payload: unknown) => Input;
  run: (input: Input, context: TaskContext) => Promise<void>;
};

/** A task as registered: the input type is sealed inside, so one registry holds tasks of any input. */
type Task = {
  readonly name: string;
  execute: (payload: unknown, context: TaskContext) => Promise<void>;
};

function defineTask<Input>(definition: TaskDefinition<Input>): Task {
  return {
    name: definition.name,
    // Not an async wrapper: returning run's promise from an async function costs extra microtask turns
    // per message. A parse error still surfaces as a rejection, never a synchronous throw.
    execute: (payload, context) => {
      try {
        return definition.run(definition.parse(payload), context);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

type Registry = {
  /** Registered task names, for error messages and docs. */
  readonly names: readonly string[];
  /** The task for a message, or undefined when nothing matches. */
  resolve: (message: Pick<WorkMessage, 'route' | 'source'>) => Task | undefined;
};

/**
 * Builds the route → task registry from a record keyed by task name (the key must equal `task.name`).
 * Resolution: the exact route; then, for `a:b:c` routes (S3 event names), `a:b:*` and `a:*`; then, for
 * schedules that carry no input, a registered name the rule or schedule name ends with (`svc-dev-backup`).
 */
function createRegistry<Names extends string>(tasks: Readonly<Record<Names, Task>>): Registry {
  const byName = new Map<string, Task>();
  for (const key of Object.keys(tasks) as Names[]) {
    const task = tasks[key];
    if (task.name !== key) throw new Error(`task registered as '${key}' is named '${task.name}'`);
    byName.set(key, task);
  }
  const names = [...byName.keys()];
  const bySuffixLength = [...byName.values()].sort((a, b) => b.name.length - a.name.length);
  // `s3:ObjectCreated:*` → prefix `s3:ObjectCreated:`, most specific first. Matching registered prefixes
  // (a handful) instead of splitting the route keeps a hostile route of 100k colons linear.
  const wildcards = names
    .filter((name) => name.endsWith(':*'))
    .map((name) => ({ prefix: name.slice(0, -1), task: byName.get(name) as Task }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    names,
    resolve: ({ route, source }) => {
      const exact = byName.get(route);
      if (exact) return exact;
      const wildcard = wildcards.find(({ prefix }) => route.startsWith(prefix));
      if (wildcard) return wildcard.task;
      if (source !== 'schedule') return undefined;
      return bySuffixLength.find((task) => route.endsWith(`-${task.name}`));
    },
  };
}

export type { QueueSender, Registry, Task, TaskContext, TaskDefinition };
export { createRegistry, defineTask };
