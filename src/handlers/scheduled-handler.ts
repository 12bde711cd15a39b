import type { Context } from 'aws-lambda';
import { MalformedMessageError, RetryableError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import type { Logger } from '../core/logger.js';
import type { Delivery } from '../core/message.js';
import { type DeadLetterPort, processDelivery, type Verdict } from '../core/process-delivery.js';
import type { Registry } from '../core/registry.js';
import { createDeadline } from './deadline.js';
import { failureOf } from './failure-of.js';

type ScheduledDeps = {
  registry: Registry;
  log: Logger;
  deadLetter?: DeadLetterPort;
  /** The task's signal aborts this long before the Lambda timeout (STOP_MARGIN_MS). */
  stopMarginMs: number;
  now?: () => Date;
};

const HOW_TO_CONFIGURE =
  'give the schedule an input such as {"task": "cleanup", "scheduledTime": "<aws.scheduler.scheduled-time>"} ' +
  '(method: scheduler) or an input transformer mapping $.time, or name the rule/schedule "<anything>-<task>"';

/** A schedule invocation as a Delivery, so it goes through the same unwrap/dispatch as queue messages. */
function deliveryFromScheduleEvent(event: Record<string, unknown>, context: Context | undefined): Delivery {
  const id = typeof event.id === 'string' ? event.id : context?.awsRequestId;
  return {
    messageId: id ?? `schedule-${Date.now()}`,
    body: JSON.stringify(event),
    messageAttributes: {},
    receiveCount: 1,
  };
}

/**
 * processDelivery with the invocation's deadline (see deadline.ts): the task's signal aborts
 * `stopMarginMs` before the Lambda timeout, a DLQ send is aborted at the settle point, and a task that
 * is still running then is given up on with a RetryableError, so the failure is logged and retried by
 * Lambda's async retries rather than cut off silently by the timeout.
 */
async function runBeforeDeadline(
  delivery: Delivery,
  deps: ScheduledDeps,
  context: Context | undefined,
): Promise<Verdict> {
  const deadline = createDeadline(context, deps.stopMarginMs);
  try {
    // Rejects rather than resolving a verdict: nothing reads a verdict's action on this path, the error is
    // what the handler throws. Promise.race subscribes to it, so a late rejection is never unhandled.
    const gaveUp = new Promise<never>((_resolve, reject) => {
      deadline.onSettle(() => {
        const error = new RetryableError('scheduled task did not finish before the Lambda timeout', {
          messageId: delivery.messageId,
        });
        deps.log.error('scheduled task still running at the deadline, will be retried', {
          messageId: delivery.messageId,
          errorName: error.name,
        });
        reject(error);
      });
    });
    return await Promise.race([
      processDelivery(delivery, { ...deps, signal: deadline.stop, settleSignal: deadline.settle }),
      gaveUp,
    ]);
  } finally {
    deadline.clear();
  }
}

/**
 * Runs the task a schedule names. Success returns a summary; a retryable failure throws (Lambda async
 * retries, then the on-failure destination). A permanent failure is dead-lettered when a DLQ is set
 * (retrying cannot help) and thrown otherwise.
 */
function createScheduledHandler(deps: ScheduledDeps) {
  return async (event: unknown, context?: Context) => {
    if (!isObject(event) || !('task' in event || 'detail-type' in event || 'requestContext' in event)) {
      throw new MalformedMessageError(`scheduled invocation names no task: ${HOW_TO_CONFIGURE}`, {
        messageId: context?.awsRequestId,
      });
    }
    const delivery = deliveryFromScheduleEvent(event, context);
    const verdict = await runBeforeDeadline(delivery, deps, context);
    const error = failureOf(verdict);
    if (!error) return { task: verdict.outcome.task, action: verdict.action, messageId: delivery.messageId };
    if (error.name === 'UnknownRouteError') error.message += `; ${HOW_TO_CONFIGURE}`;
    throw error;
  };
}

export { createScheduledHandler };
