import { SQSD_PATH, SQSD_SCHEDULED_TIME, SQSD_TASK_NAME } from '../core/attributes.js';
import type { Delivery, MessageAttribute } from '../core/message.js';
import { fromIso, toSqsdScheduledTime } from '../core/times.js';
import { receiveCountOf, type SqsdHeaders } from './sqsd-headers.js';

/** What the adapter knows about one POST before its body is read. */
type SqsdRequest = {
  readonly headers: SqsdHeaders;
  /** The request target as sent (path and query): the periodic task's cron.yaml `url`. */
  readonly target: string;
  /** sqsd's Msgid, or one the adapter made up for a caller that sent none (unique for logs and the DLQ copy). */
  readonly messageId: string;
  /**
   * `sqsd`: X-Aws-Sqsd-Taskname / Scheduled-At present. `cron.d`: a plain POST to a task path (the EB app's
   * own crontab), run as a periodic task scheduled now. Undefined: a normal message.
   */
  readonly periodic: 'sqsd' | 'cron.d' | undefined;
};

function stringAttribute(value: string): MessageAttribute {
  return { dataType: 'String', stringValue: value };
}

/**
 * sqsd turned `beanstalk.sqsd.scheduled_time` into an ISO header; turn it back, so the core recognises the
 * periodic task exactly as it does on an SQS record. A value that is not ISO 8601 is passed on as is: the
 * core then rejects it as malformed (naming the value) through the same path as any bad message.
 */
function scheduledTime(request: SqsdRequest, now: () => Date): string {
  // A cron.d POST has no Scheduled-At (with one it would be sqsd's periodic POST, src/http/routes.ts).
  const raw = request.headers.scheduledAt;
  if (raw === undefined) return toSqsdScheduledTime(now());
  const parsed = fromIso(raw);
  return parsed ? toSqsdScheduledTime(parsed) : raw;
}

/**
 * One sqsd POST as a Delivery, the same shape the Lambda worker builds from an SQS record, so both run
 * through `processDelivery` unchanged. Attribute headers carry no DataType; `String` serves for Number
 * ones too, since the core reads both as strings. Binary attributes never reach HTTP (sqsd drops them).
 * `body` is the raw body, unchanged whatever the Content-Type; `now` is read only for a periodic task (its
 * scheduled time), so a plain message costs no Date.
 */
function deliveryFromSqsdRequest(request: SqsdRequest, body: string, now: () => Date): Delivery {
  const { headers } = request;
  const messageAttributes: Record<string, MessageAttribute> = Object.create(null);
  for (const name of Object.keys(headers.attributes)) {
    messageAttributes[name] = stringAttribute(headers.attributes[name] as string);
  }
  if (request.periodic) {
    messageAttributes[SQSD_PATH] = stringAttribute(request.target);
    messageAttributes[SQSD_SCHEDULED_TIME] = stringAttribute(scheduledTime(request, now));
    if (headers.taskName) messageAttributes[SQSD_TASK_NAME] = stringAttribute(headers.taskName);
  }
  // Header values come trimmed: Node's parser drops the whitespace around a field value (RFC 9110 §5.5).
  return {
    messageId: request.messageId,
    body,
    messageAttributes,
    receiveCount: receiveCountOf(headers),
    sentAt: fromIso(headers.sentAt),
    firstReceivedAt: fromIso(headers.firstReceivedAt),
    queue: headers.queue || undefined,
  };
}

export type { SqsdRequest };
export { deliveryFromSqsdRequest };
