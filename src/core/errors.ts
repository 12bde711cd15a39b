import { cut, describeThrown, isInstance, readProperty, readString } from './describe-thrown.js';

/**
 * Error hierarchy. `name` is a string literal on every class because esbuild's minifier renames classes,
 * so `constructor.name` would log as `t` in production. `permanent` decides the outcome: a permanent error
 * is dead-lettered (retrying cannot help), anything else is retried.
 */

type ErrorContext = { messageId?: string; task?: string; queue?: string };

class WorkerError extends Error {
  override readonly name: string = 'WorkerError';
  readonly permanent: boolean = false;
  messageId?: string;
  task?: string;
  queue?: string;

  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.messageId = context.messageId;
    this.task = context.task;
    this.queue = context.queue;
  }

  /** Fills in context the thrower could not know (tasks do not see the messageId or queue). */
  withContext(context: ErrorContext): this {
    this.messageId ??= context.messageId;
    this.task ??= context.task;
    this.queue ??= context.queue;
    return this;
  }
}

/** The body cannot be understood: not JSON, not an object, no route, a broken envelope. */
class MalformedMessageError extends WorkerError {
  override readonly name = 'MalformedMessageError';
  override readonly permanent = true;
}

/** The message is well formed but names a task nobody registered. */
class UnknownRouteError extends WorkerError {
  override readonly name = 'UnknownRouteError';
  override readonly permanent = true;
}

/** The payload reached its task but a field is wrong. `field` is a path such as `items[2].quantity`. */
class ValidationError extends WorkerError {
  override readonly name = 'ValidationError';
  override readonly permanent = true;
  readonly field: string;

  constructor(field: string, problem: string, context: ErrorContext = {}) {
    super(`${field}: ${problem}`, context);
    this.field = field;
  }
}

/** A task asks for a retry explicitly (a downstream timeout, a lock held elsewhere). */
class RetryableError extends WorkerError {
  override readonly name = 'RetryableError';
}

/** A task threw something that is not a WorkerError. Retried by default: most such failures are transient. */
class TaskFailedError extends WorkerError {
  override readonly name = 'TaskFailedError';
}

/** FIFO: an earlier message of the same group failed, so this one was not attempted (keeps group order). */
class SkippedAfterGroupFailureError extends WorkerError {
  override readonly name = 'SkippedAfterGroupFailureError';
}

/** A WorkerError whose own fields read back as the types the rest of the code relies on. */
function isSound(error: WorkerError): boolean {
  return (
    typeof readProperty(error, 'name') === 'string' &&
    typeof readProperty(error, 'message') === 'string' &&
    typeof readProperty(error, 'permanent') === 'boolean'
  );
}

/**
 * Wraps anything thrown into a WorkerError carrying the context, keeping the original as `cause`.
 * Never throws, whatever was thrown: every read of the thrown value is guarded (see describe-thrown.ts),
 * and a WorkerError whose own getters throw is wrapped like any other value.
 */
function toWorkerError(error: unknown, context: ErrorContext): WorkerError {
  try {
    if (isInstance(error, WorkerError) && isSound(error)) return error.withContext(context);
  } catch {
    // withContext hit a hostile setter: wrap it below like any other value.
  }
  let message: string;
  if (isInstance(error, Error)) {
    const name = readString(error, 'name') ?? 'Error';
    const text = readString(error, 'message');
    message = text === undefined ? `${name} thrown with a message that cannot be read` : cut(text);
  } else {
    message = cut(`non-Error thrown: ${describeThrown(error)}`);
  }
  return new TaskFailedError(message || 'task failed without a message', context, { cause: error });
}

function isPermanent(error: unknown): boolean {
  return isInstance(error, WorkerError) && readProperty(error, 'permanent') === true;
}

export type { ErrorContext };
export {
  isPermanent,
  MalformedMessageError,
  RetryableError,
  SkippedAfterGroupFailureError,
  TaskFailedError,
  toWorkerError,
  UnknownRouteError,
  ValidationError,
  WorkerError,
};
