import { attribute, ROUTE_ATTRIBUTE } from './attributes.js';
import { liftDataEnvelope } from './data-envelope.js';
import { MalformedMessageError } from './errors.js';
import { describe, isObject, type JsonObject, own, parseJson, preview } from './json.js';
import type { Delivery, SourceKind, WorkMessage } from './message.js';
import { fromIso } from './times.js';

/** Carried down through envelopes: the delivery (also the error context), attributes seen so far, envelopes peeled. */
type Scope = { delivery: Delivery; attributes: Readonly<Record<string, string>>; via: readonly string[] };

/** Envelopes inside envelopes (SNS in a Lambda destination record, ...) stop here: nothing real nests deeper. */
const MAX_ENVELOPES = 3;

function malformed(scope: Scope, problem: string): never {
  // Errors read only the delivery's messageId and queue.
  throw new MalformedMessageError(problem, scope.delivery);
}

/**
 * The WorkMessage of a recognised shape: the delivery's fields, the scope's attributes and envelopes, and
 * what this shape contributes. Built here, once, rather than as a shape unwrap then copies: one object
 * per message fewer.
 */
function found(
  scope: Scope,
  source: SourceKind,
  route: string,
  payload: unknown,
  scheduledAt?: Date,
): WorkMessage {
  const { delivery } = scope;
  return {
    id: delivery.messageId,
    route,
    payload,
    attributes: scope.attributes,
    receiveCount: delivery.receiveCount,
    sentAt: delivery.sentAt,
    firstReceivedAt: delivery.firstReceivedAt,
    groupId: delivery.groupId,
    source,
    via: scope.via,
    rawBody: delivery.body,
    scheduledAt,
    queue: delivery.queue,
  };
}

function textShape(
  payload: unknown,
  scope: Scope,
  problem: string,
  source: SourceKind = 'text',
): WorkMessage {
  const route = attribute(scope.attributes, ROUTE_ATTRIBUTE);
  if (!route)
    return malformed(scope, `${problem}, and no '${ROUTE_ATTRIBUTE}' message attribute names a task`);
  return found(scope, source, route, payload);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The last `/` segment of a rule or schedule ARN: `…:rule/nightly` → nightly, `…:schedule/default/x` → x. */
function nameFromArn(arn: unknown): string | undefined {
  return typeof arn === 'string' ? arn.split('/').filter(Boolean).pop() : undefined;
}

/** SNS without raw delivery (sns-sqs-as-subscriber); FIFO topics use the same envelope. */
function snsShape(object: JsonObject, scope: Scope): WorkMessage | undefined {
  if (own(object, 'Type') !== 'Notification' || !nonEmptyString(own(object, 'TopicArn'))) return undefined;
  const message = own(object, 'Message');
  if (typeof message !== 'string') {
    return malformed(scope, `SNS envelope's Message is ${describe(message)}, expected a string`);
  }
  const inner: Scope = {
    ...scope,
    attributes: withSnsAttributes(scope.attributes, own(object, 'MessageAttributes')),
  };
  inner.via = [...scope.via, 'sns'];
  const parsed = parseJson(message);
  if (parsed.ok && isObject(parsed.value)) return shapeOfObject(parsed.value, inner);
  const problem = parsed.ok ? `JSON ${describe(parsed.value)}` : 'plain text';
  return textShape(message, inner, `SNS Message is ${problem}`);
}

/** SNS envelope attributes (`{name: {Type, Value}}`) join the SQS ones; SQS attributes win on clashes. */
function withSnsAttributes(base: Readonly<Record<string, string>>, snsAttributes: unknown) {
  const merged: Record<string, string> = Object.create(null);
  if (isObject(snsAttributes)) {
    for (const key of Object.keys(snsAttributes)) {
      const entry = snsAttributes[key];
      if (!isObject(entry) || typeof own(entry, 'Value') !== 'string') continue;
      const type = own(entry, 'Type');
      if (typeof type === 'string' && (type.startsWith('String') || type.startsWith('Number'))) {
        merged[key] = own(entry, 'Value') as string;
      }
    }
  }
  for (const key of Object.keys(base)) merged[key] = base[key] as string;
  return merged;
}

/** S3 sends `s3:TestEvent` once when a notification is configured; routed like any event so it can be acked. */
function s3TestShape(object: JsonObject, scope: Scope): WorkMessage | undefined {
  if (own(object, 'Event') !== 's3:TestEvent' || own(object, 'Service') !== 'Amazon S3') return undefined;
  return found(scope, 's3-test', 's3:TestEvent', object);
}

/** S3 event notification: routed by the first record's event name, `s3:ObjectCreated:Put`. */
function s3Shape(object: JsonObject, scope: Scope): WorkMessage | undefined {
  const records = own(object, 'Records');
  // An empty list has no first record, so it is not S3 either.
  const first: unknown = Array.isArray(records) ? records[0] : undefined;
  if (!isObject(first) || own(first, 'eventSource') !== 'aws:s3') return undefined;
  const eventName = own(first, 'eventName');
  if (!nonEmptyString(eventName))
    return malformed(scope, `S3 event record has eventName ${describe(eventName)}`);
  return found(scope, 's3', `s3:${eventName}`, object);
}

/** A Lambda async on-failure destination record: the failed scheduled run, redriven back to the queue. */
function destinationShape(object: JsonObject, scope: Scope): WorkMessage | undefined {
  const requestContext = own(object, 'requestContext');
  if (!isObject(requestContext) || !nonEmptyString(own(requestContext, 'functionArn'))) return undefined;
  const request = own(object, 'requestPayload');
  if (!isObject(request))
    return malformed(scope, `Lambda destination record's requestPayload is ${describe(request)}`);
  return shapeOfObject(request, { ...scope, via: [...scope.via, 'lambda-destination'] });
}

/** EventBridge events through SQS, and EventBridge rule/Scheduler invocations without an input. */
function eventBridgeShape(object: JsonObject, scope: Scope): WorkMessage | undefined {
  const detailType = own(object, 'detail-type');
  if (
    typeof detailType !== 'string' ||
    typeof own(object, 'source') !== 'string' ||
    !Object.hasOwn(object, 'detail')
  ) {
    return undefined;
  }
  if (detailType === 'Scheduled Event') {
    const resources = own(object, 'resources');
    const name = Array.isArray(resources) ? nameFromArn(resources[0]) : undefined;
    if (!name) {
      return malformed(
        scope,
        'scheduled event has no input and no rule or schedule ARN in resources: give the schedule an input such as {"task": "cleanup"}',
      );
    }
    const scheduledAt = fromIso(own(object, 'time'));
    return found(scope, 'schedule', name, object, scheduledAt);
  }
  if (!detailType) return malformed(scope, 'EventBridge event has an empty detail-type');
  let detail = own(object, 'detail');
  // EventBridge Scheduler sends `detail: "{}"` as a string (docs/lambda-behaviour.md#schedule-payloads);
  // accept a JSON string anywhere.
  if (typeof detail === 'string') {
    const parsed = parseJson(detail);
    if (!parsed.ok) return malformed(scope, `EventBridge detail is a string but not JSON (${parsed.reason})`);
    detail = parsed.value;
  }
  return found(scope, 'eventbridge', detailType, detail);
}

/** The input our schedules carry: `{"task": "...", "scheduledTime": "<aws.scheduler.scheduled-time>"}`. */
function scheduleInputShape(object: JsonObject, scope: Scope): WorkMessage | undefined {
  const task = own(object, 'task');
  if (task === undefined || Object.hasOwn(object, 'type')) return undefined;
  if (!nonEmptyString(task))
    return malformed(scope, `schedule input field 'task' is ${describe(task)}, expected a task name`);
  const rawTime = own(object, 'scheduledTime') ?? own(object, 'time');
  const scheduledAt = fromIso(rawTime);
  if (rawTime !== undefined && !scheduledAt) {
    const hint =
      typeof rawTime === 'string' && rawTime.includes('<aws.scheduler')
        ? ': the placeholder is only filled in by EventBridge Scheduler (method: scheduler)'
        : ', expected ISO 8601 such as 2026-01-01T00:00:00Z';
    const shown =
      typeof rawTime === 'string'
        ? preview(rawTime)
        : typeof rawTime === 'number' || typeof rawTime === 'boolean'
          ? String(rawTime)
          : describe(rawTime);
    return malformed(scope, `schedule input field 'scheduledTime' is ${shown}${hint}`);
  }
  return found(scope, 'schedule', task, object, scheduledAt);
}

/** The EB app's own messages: a JSON object whose `type` names the task, fields flat or in `data`. */
function typedShape(object: JsonObject, scope: Scope): WorkMessage | undefined {
  if (!Object.hasOwn(object, 'type')) return undefined;
  const type = own(object, 'type');
  if (!nonEmptyString(type))
    return malformed(scope, `field 'type' is ${describe(type)}, expected a task name`);
  return found(scope, 'json', type, liftDataEnvelope(object, scope.delivery));
}

/** Order matters: envelopes first, then specific AWS shapes, then the app's own `type`. */
const DETECTORS = [
  snsShape,
  destinationShape,
  s3TestShape,
  s3Shape,
  eventBridgeShape,
  scheduleInputShape,
  typedShape,
];

function shapeOfObject(object: JsonObject, scope: Scope): WorkMessage {
  if (scope.via.length > MAX_ENVELOPES)
    return malformed(scope, `more than ${MAX_ENVELOPES} nested envelopes`);
  for (const detect of DETECTORS) {
    const shape = detect(object, scope);
    if (shape) return shape;
  }
  const keys = Object.keys(object);
  const listed = keys.length > 5 ? `${keys.slice(0, 5).join(', ')}, ...` : keys.join(', ');
  return textShape(object, scope, `JSON object has no 'type' field (keys: ${listed || 'none'})`, 'json');
}

export type { Scope };
export { found, shapeOfObject, textShape };
