import { attribute, SQSD_PATH, SQSD_SCHEDULED_TIME, SQSD_TASK_NAME, stringAttributes } from './attributes.js';
import { MalformedMessageError } from './errors.js';
import { describe, isObject, parseJson, preview } from './json.js';
import type { Delivery, WorkMessage } from './message.js';
import { found, type Scope, shapeOfObject, textShape } from './shapes.js';
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
    delivery,
    attributes: stringAttributes(delivery.messageAttributes),
    via: NO_ENVELOPES,
  };
  const message = periodicMessage(scope) ?? bodyMessage(delivery.body, scope);
  if (message.route.length > MAX_ROUTE_LENGTH) {
    throw new MalformedMessageError(
      `route ${preview(message.route)} is longer than ${MAX_ROUTE_LENGTH} characters; no task has such a name`,
      delivery,
    );
  }
  return message;
}

/**
 * sqsd marks a periodic task by `beanstalk.sqsd.scheduled_time` (docs/sqsd-behaviour.md#periodic-delivery);
 * the body is ignored.
 */
function periodicMessage(scope: Scope): WorkMessage | undefined {
  const rawTime = attribute(scope.attributes, SQSD_SCHEDULED_TIME);
  if (rawTime === undefined) return undefined;
  const scheduledAt = fromSqsdScheduledTime(rawTime);
  if (!scheduledAt) {
    throw new MalformedMessageError(
      `${SQSD_SCHEDULED_TIME} is ${preview(rawTime)}, expected "YYYY-MM-DD HH:MM:SS UTC"`,
      scope.delivery,
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
      scope.delivery,
    );
  }
  const payload = { task: taskName, path, scheduledAt: scheduledAt.toISOString() };
  return found(scope, 'sqsd-periodic', route, payload, scheduledAt);
}

function bodyMessage(body: string, scope: Scope): WorkMessage {
  const parsed = parseJson(body);
  if (!parsed.ok) return textShape(body, scope, `body is not valid JSON (${parsed.reason})`);
  if (isObject(parsed.value)) return shapeOfObject(parsed.value, scope);
  return textShape(parsed.value, scope, `body is JSON ${describe(parsed.value)}, expected an object`);
}

export { unwrap };
