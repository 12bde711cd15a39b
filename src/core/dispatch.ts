import { type BatchClock, readClock } from './batch-clock.js';
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

type FailedOutcome = Exclude<Outcome, { status: 'ok' }>;

type DispatchDeps = {
  registry: Registry;
  log: Logger;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  send?: QueueSender;
  /** When aborted before a message starts, the message is not started and is retried. */
  signal?: SignalLike;
  /**
   * A batch's clock, shared by its records: a record starts when its batch does or when an earlier
   * record's end frees its place, and that end was just read, so a record's duration runs from the
   * clock's latest reading to its own end. Without it, a Dispatch reads the clock when it starts.
   */
  clock?: BatchClock;
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
 * One delivery's dispatch: `start` unwraps, routes and starts the task, and the caller awaits what it
 * returns, then asks for the Outcome (`succeeded`, or `failed` with whatever was thrown). Not an async
 * function of its own: processDelivery awaits the task itself, so a message costs one async layer, not
 * two (each cost more than the rest of a no-op message's bookkeeping). Every failure becomes an Outcome
 * whose error carries messageId, task and queue, classified permanent (dead-letter) or retryable (retry).
 */
class Dispatch {
  message: WorkMessage | undefined;
  task: string | undefined;
  readonly #delivery: Delivery;
  readonly #deps: DispatchDeps;
  readonly #started: number;

  constructor(delivery: Delivery, deps: DispatchDeps) {
    this.#delivery = delivery;
    this.#deps = deps;
    this.#started = deps.clock === undefined ? readClock(deps.now) : deps.clock.ms;
  }

  /** Throws (synchronously) when the delivery cannot be run; otherwise the task's promise. */
  start(): Promise<void> {
    const delivery = this.#delivery;
    const deps = this.#deps;
    const message = unwrap(delivery);
    this.message = message;
    const found = deps.registry.resolve(message);
    if (!found) {
      throw new UnknownRouteError(
        `no task for route ${preview(message.route)} (known: ${deps.registry.names.join(', ')})`,
      );
    }
    this.task = found.name;
    if (deps.signal?.aborted) {
      throw new RetryableError('not started: the invocation is ending');
    }
    return found.execute(
      message.payload,
      new MessageContext(message, deps, found.name, deps.now ?? currentDate),
    );
  }

  /** The Outcome once the task's promise fulfilled. */
  succeeded(): Outcome {
    return {
      status: 'ok',
      task: this.task as string,
      durationMs: this.#elapsed(),
      message: this.message as WorkMessage,
    };
  }

  /** The Outcome for whatever `start` or the task threw. */
  failed(thrown: unknown): FailedOutcome {
    const delivery = this.#delivery;
    const task = this.task;
    const error = toWorkerError(thrown, { messageId: delivery.messageId, queue: delivery.queue, task });
    const status = error.permanent ? 'dead-letter' : 'retry';
    return { status, task, durationMs: this.#elapsed(), error, message: this.message };
  }

  /** Milliseconds from the start to now (the batch's clock, when there is one). */
  #elapsed(): number {
    const { clock } = this.#deps;
    return (clock === undefined ? readClock(this.#deps.now) : clock.read()) - this.#started;
  }
}

export type { DispatchDeps, FailedOutcome, Outcome };
export { Dispatch };
