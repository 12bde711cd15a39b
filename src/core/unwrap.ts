import { attribute, SQSD_PATH, SQSD_SCHEDULED_TIME, SQSD_TASK_NAME, stringAttributes } from './attributes.js';
import { MalformedMessageError } from './errors.js';
import { describe, isObject, parseJson, preview } from './json.js';
import type { Delivery, WorkMessage } from './message.js';
import { type Scope, type Shape, shapeOfObject, textShape } from './shapes.js';
import { fromSqsdScheduledTime } from './times.js';

/** Shared by every message that came in no envelope (envelopes add to a copy, never to this). */
const NO_ENVELOPES: readonly string[] = Object.freeze([]);

/** Task names are short; a longer route is hostile or broken, and is rejected before any lookup. */
const MAX_ROUTE_LENGTH = 256;

/**
 * Turns any delivery into a WorkMessage, or throws MalformedMessageError (a permanent error) saying what
 * is wrong. Never throws anything else: bodies are untrusted.
 */
function unwrap(delivery: Delivery): WorkMessage {
  const scope: Scope = {
    // The delivery is the error context (errors read only its messageId and queue): no object per message.
    context: delivery,
    attributes: stringAttributes(delivery.messageAttributes),
    via: NO_ENVELOPES,
  };
  const shape = periodicShape(scope) ?? bodyShape(delivery.body, scope);
  if (shape.route.length > MAX_ROUTE_LENGTH) {
    throw new MalformedMessageError(
      `route ${preview(shape.route)} is longer than ${MAX_ROUTE_LENGTH} characters; no task has such a name`,
      scope.context,
    );
  }
  return {
    id: delivery.messageId,
    route: shape.route,
    payload: shape.payload,
    attributes: shape.attributes,
    receiveCount: delivery.receiveCount,
    sentAt: delivery.sentAt,
    firstReceivedAt: delivery.firstReceivedAt,
    groupId: delivery.groupId,
    source: shape.source,
    via: shape.via,
    rawBody: delivery.body,
    scheduledAt: shape.scheduledAt,
    queue: delivery.queue,
  };
}

/**
 * sqsd marks a periodic task by `beanstalk.sqsd.scheduled_time` (docs/sqsd-behaviour.md#periodic-delivery);
 * the body is ignored.
 */
function periodicShape(scope: Scope): Shape | undefined {
  const rawTime = attribute(scope.attributes, SQSD_SCHEDULED_TIME);
  if (rawTime === undefined) return undefined;
  const scheduledAt = fromSqsdScheduledTime(rawTime);
  if (!scheduledAt) {
    throw new MalformedMessageError(
      `${SQSD_SCHEDULED_TIME} is ${preview(rawTime)}, expected "YYYY-MM-DD HH:MM:SS UTC"`,
      scope.context,
    );
  }
  const path = attribute(scope.attributes, SQSD_PATH) ?? '';
  const taskName = attribute(scope.attributes, SQSD_TASK_NAME);
  // The EB app dispatches periodic tasks by URL, and cron.yaml names must be unique, so the path's last
  // segment is the task (`/cleanup` → cleanup) and the task name is the fallback.
  // Stryker disable next-line OptionalChaining: split always returns at least one element; `?.` is for the type checker
  const route = path.split('?')[0]?.split('/').filter(Boolean).pop() ?? taskName;
  if (!route) {
    throw new MalformedMessageError(
      `periodic task has neither ${SQSD_PATH} nor ${SQSD_TASK_NAME}`,
      scope.context,
    );
  }
  return {
    route,
    payload: { task: taskName, path, scheduledAt: scheduledAt.toISOString() },
    attributes: scope.attributes,
    source: 'sqsd-periodic',
    via: NO_ENVELOPES,
    scheduledAt,
  };
}

function bodyShape(body: string, scope: Scope): Shape {
  const parsed = parseJson(body);
  if (!parsed.ok) return textShape(body, scope, `body is not valid JSON (${parsed.reason})`);
  if (isObject(parsed.value)) return shapeOfObject(parsed.value, scope);
  return textShape(parsed.value, scope, `body is JSON ${describe(parsed.value)}, expected an object`);
}

export { unwrap };
