import { RetryableError, toWorkerError, UnknownRouteError, type WorkerError } from './errors.js';
import { preview } from './json.js';
import type { Logger } from './logger.js';
import type { Delivery, WorkMessage } from './message.js';
import type { QueueSender, Registry } from './registry.js';
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
  signal?: AbortSignal;
};

const NEVER_ABORTED = new AbortController().signal;

/**
 * Unwraps, routes and runs one delivery. Never throws: every failure becomes an Outcome whose error
 * carries messageId, task and queue, classified permanent (dead-letter) or retryable (retry).
 */
async function dispatch(delivery: Delivery, deps: DispatchDeps): Promise<Outcome> {
  const now = deps.now ?? (() => new Date());
  const started = now().getTime();
  const context = { messageId: delivery.messageId, queue: delivery.queue };
  const elapsed = () => now().getTime() - started;
  let message: WorkMessage | undefined;
  let task: string | undefined;
  try {
    message = unwrap(delivery);
    const found = deps.registry.resolve(message);
    if (!found) {
      throw new UnknownRouteError(
        `no task for route ${preview(message.route)} (known: ${deps.registry.names.join(', ')})`,
        context,
      );
    }
    task = found.name;
    const signal = deps.signal ?? NEVER_ABORTED;
    if (signal.aborted) throw new RetryableError('not started: the invocation is ending', context);
    const log = deps.log.child({ messageId: delivery.messageId, task });
    await found.execute(message.payload, { message, log, now, signal, send: deps.send });
    return { status: 'ok', task, durationMs: elapsed(), message };
  } catch (thrown) {
    const error = toWorkerError(thrown, { ...context, task });
    const status = error.permanent ? 'dead-letter' : 'retry';
    return { status, task, durationMs: elapsed(), error, message };
  }
}

export type { DispatchDeps, Outcome };
export { dispatch };
