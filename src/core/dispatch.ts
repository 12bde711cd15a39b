import { RetryableError, toWorkerError, UnknownRouteError, type WorkerError } from './errors.js';
import { preview } from './json.js';
import { realSignal, type SignalLike } from './lazy-signal.js';
import type { Logger } from './logger.js';
import type { Delivery, WorkMessage } from './message.js';
import type { QueueSender, Registry, TaskContext } from './registry.js';
import { unwrap } from './unwrap.js';

/** What happened to one delivery, before any adapter decides how to acknowledge it. */
type Outcome =
  | { status: 'ok'; task: string; durationMs: number; message: WorkMessage }
  | {
      status: 'retry' | 'dead-letter';
      task?: string;
      durationMs: number;
      error: WorkerError;
      message?: WorkMessage;
    };

type DispatchDeps = {
  registry: Registry;
  log: Logger;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  send?: QueueSender;
  /** When aborted before a message starts, the message is not started and is retried. */
  signal?: SignalLike;
};

function currentDate(): Date {
  return new Date();
}

/**
 * What a task sees. A class with getters, so the per-message logger and the real abort signal are only
 * built when the task reads them: a task that neither logs nor listens costs one small object.
 */
class MessageContext implements TaskContext {
  readonly message: WorkMessage;
  readonly now: () => Date;
  readonly #deps: DispatchDeps;
  readonly #task: string;
  #log: Logger | undefined;

  constructor(message: WorkMessage, deps: DispatchDeps, task: string, now: () => Date) {
    this.message = message;
    this.now = now;
    this.#deps = deps;
    this.#task = task;
  }

  get log(): Logger {
    this.#log ??= this.#deps.log.child({ messageId: this.message.id, task: this.#task });
    return this.#log;
  }

  get signal(): AbortSignal {
    return realSignal(this.#deps.signal);
  }

  get send(): QueueSender | undefined {
    return this.#deps.send;
  }
}

/**
 * Unwraps, routes and runs one delivery. Never throws: every failure becomes an Outcome whose error
 * carries messageId, task and queue, classified permanent (dead-letter) or retryable (retry).
 */
async function dispatch(delivery: Delivery, deps: DispatchDeps): Promise<Outcome> {
  const now = deps.now ?? currentDate;
  // Without an injected clock, no Date per measurement: Date.now() is the same clock.
  const clock = deps.now ? () => now().getTime() : Date.now;
  const started = clock();
  let message: WorkMessage | undefined;
  let task: string | undefined;
  try {
    message = unwrap(delivery);
    const found = deps.registry.resolve(message);
    if (!found) {
      throw new UnknownRouteError(
        `no task for route ${preview(message.route)} (known: ${deps.registry.names.join(', ')})`,
        { messageId: delivery.messageId, queue: delivery.queue },
      );
    }
    task = found.name;
    if (deps.signal?.aborted) {
      throw new RetryableError('not started: the invocation is ending', {
        messageId: delivery.messageId,
        queue: delivery.queue,
      });
    }
    await found.execute(message.payload, new MessageContext(message, deps, task, now));
    return { status: 'ok', task, durationMs: clock() - started, message };
  } catch (thrown) {
    const error = toWorkerError(thrown, { messageId: delivery.messageId, queue: delivery.queue, task });
    const status = error.permanent ? 'dead-letter' : 'retry';
    return { status, task, durationMs: clock() - started, error, message };
  }
}

export type { DispatchDeps, Outcome };
export { dispatch };
