import { publishDelivery } from './delivery-channel.js';
import { describeThrown } from './describe-thrown.js';
import { Dispatch, type DispatchDeps, type FailedOutcome } from './dispatch.js';
import { UnknownRouteError, type WorkerError } from './errors.js';
import { realSignal, type SignalLike } from './lazy-signal.js';
import type { Delivery } from './message.js';
import type { Action, Verdict } from './verdict.js';

/** What the dead-letter port knows besides the delivery and its error. */
type DeadLetterDetails = {
  /** The route the delivery failed on (undefined when the body could not be unwrapped). */
  route?: string;
  /** Aborts the send when the invocation must return (it then counts as a failed send). */
  signal?: AbortSignal;
};

/**
 * Moves a permanently failed delivery to the dead-letter queue (injected: the core has no SDK).
 * Resolves with the copy's own message id when the transport reports one.
 */
type DeadLetterPort = (
  delivery: Delivery,
  error: WorkerError,
  details?: DeadLetterDetails,
) => Promise<{ messageId?: string } | undefined> | Promise<void>;

/**
 * What to do with a message whose route no task has. `dead-letter` (the default) treats it like any
 * permanent failure; `delete` keeps the EB Flask app's behaviour (log, answer 200) for teams that depend
 * on it while migrating. Read from UNKNOWN_TASK_POLICY (src/config.ts).
 */
type UnknownTaskPolicy = 'dead-letter' | 'delete';

type ProcessDeliveryDeps = DispatchDeps & {
  deadLetter?: DeadLetterPort;
  /** Aborts outbound settle calls (the DLQ send) when the invocation must return. */
  settleSignal?: SignalLike;
  /** @defaultValue 'dead-letter' */
  unknownTaskPolicy?: UnknownTaskPolicy;
};

function isAcked(verdict: Verdict): boolean {
  return verdict.action === 'ack' || verdict.action === 'dead-lettered' || verdict.action === 'deleted';
}

/**
 * The one dispatch contract every adapter (Lambda, HTTP, local) calls: dispatch, then apply the failure
 * policy. Nothing is acknowledged unless it was processed or safely copied to the DLQ. Logs one line per
 * failure with messageId, task, error name and receive count. Never throws.
 */
function processDelivery(delivery: Delivery, deps: ProcessDeliveryDeps): Promise<Verdict> {
  let run: Dispatch;
  let running: Promise<void>;
  try {
    run = new Dispatch(delivery, deps);
  } catch (error) {
    // Only an injected clock that throws gets here; still a rejection, never a synchronous throw.
    return Promise.reject(error);
  }
  try {
    running = Promise.resolve(run.start());
  } catch (thrown) {
    return failedVerdict(delivery, run.failed(thrown), deps);
  }
  // Not an async function: a success costs one `then` on the task's promise, where an async wrapper
  // cost a frame, its promise and an await per message, more than a no-op message's own bookkeeping.
  return running.then(
    () => {
      const outcome = run.succeeded();
      // Not even built when debug lines are dropped: building it cost a no-op batch more than its metrics.
      if (deps.log.enabled('debug')) {
        deps.log.debug('message processed', { messageId: delivery.messageId, task: outcome.task });
      }
      const verdict: Verdict = { action: 'ack', outcome };
      publishDelivery(delivery, verdict);
      return verdict;
    },
    (thrown: unknown) => failedVerdict(delivery, run.failed(thrown), deps),
  );
}

async function failedVerdict(
  delivery: Delivery,
  outcome: FailedOutcome,
  deps: ProcessDeliveryDeps,
): Promise<Verdict> {
  const verdict = await decideFailure(delivery, outcome, deps);
  publishDelivery(delivery, verdict);
  return verdict;
}

/** The failure policy: retry, delete (unknown task under the delete policy), reject, or dead-letter. */
async function decideFailure(
  delivery: Delivery,
  outcome: FailedOutcome,
  deps: ProcessDeliveryDeps,
): Promise<Verdict> {
  const fields = {
    messageId: delivery.messageId,
    task: outcome.task,
    route: outcome.message?.route,
    queue: delivery.queue,
    receiveCount: delivery.receiveCount,
    errorName: outcome.error.name,
    error: outcome.error.message,
  };
  if (outcome.status === 'retry') {
    deps.log.warn('message failed, will be retried', fields);
    return { action: 'retry', outcome };
  }
  if (deps.unknownTaskPolicy === 'delete' && outcome.error instanceof UnknownRouteError) {
    deps.log.warn('message for an unknown task deleted (UNKNOWN_TASK_POLICY=delete)', fields);
    return { action: 'deleted', outcome };
  }
  if (!deps.deadLetter) {
    deps.log.error('message rejected permanently, left for the queue redrive policy', fields);
    return { action: 'reject', outcome };
  }
  try {
    const copy = await deps.deadLetter(delivery, outcome.error, {
      route: outcome.message?.route,
      // Only a failed message gets here: the settle signal is built for it, not for every batch.
      signal: deps.settleSignal && realSignal(deps.settleSignal),
    });
    // The copy's own id lets an operator go from this line to the DLQ message, and back.
    deps.log.error('message dead-lettered', { ...fields, deadLetterMessageId: copy?.messageId });
    return { action: 'dead-lettered', outcome };
  } catch (sendError) {
    deps.log.error('dead-letter send failed, left for the queue redrive policy', {
      ...fields,
      sendError: describeThrown(sendError),
    });
    return { action: 'reject', outcome };
  }
}

export type { Action, DeadLetterDetails, DeadLetterPort, ProcessDeliveryDeps, UnknownTaskPolicy, Verdict };
export { isAcked, processDelivery };
