import type { Context } from 'aws-lambda';
import { MalformedMessageError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import type { Logger } from '../core/logger.js';
import type { Delivery } from '../core/message.js';
import { type DeadLetterPort, isAcked, processDelivery } from '../core/process-delivery.js';
import type { Registry } from '../core/registry.js';

type ScheduledDeps = { registry: Registry; log: Logger; deadLetter?: DeadLetterPort; now?: () => Date };

const HOW_TO_CONFIGURE =
  'give the schedule an input such as {"task": "cleanup", "scheduledTime": "<aws.scheduler.scheduled-time>"} ' +
  '(method: scheduler) or an input transformer mapping $.time, or name the rule/schedule "<anything>-<task>"';

/** A schedule invocation as a Delivery, so it goes through the same unwrap/dispatch as queue messages. */
function deliveryFromScheduleEvent(event: unknown, context: Context | undefined): Delivery {
  const id = isObject(event) && typeof event.id === 'string' ? event.id : context?.awsRequestId;
  return {
    messageId: id ?? `schedule-${Date.now()}`,
    body: JSON.stringify(event ?? null),
    messageAttributes: {},
    receiveCount: 1,
  };
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
    const verdict = await processDelivery(delivery, deps);
    const { outcome } = verdict;
    if (isAcked(verdict))
      return { task: outcome.task, action: verdict.action, messageId: delivery.messageId };
    if (outcome.status === 'ok') throw new Error('unreachable: an ok outcome is always acked');
    if (outcome.error.name === 'UnknownRouteError') outcome.error.message += `; ${HOW_TO_CONFIGURE}`;
    throw outcome.error;
  };
}

export { createScheduledHandler };
