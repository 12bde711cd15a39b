import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { SQSD_PERIODIC_BODY, SQSD_SCHEDULED_TIME } from '../core/attributes.js';
import type { WorkerError } from '../core/errors.js';
import type { Delivery, MessageAttribute } from '../core/message.js';
import type { DeadLetterDetails, DeadLetterPort } from '../core/process-delivery.js';
import type { SqsProvider } from './sqs-client.js';

/** SQS allows at most 10 message attributes per message. */
const MAX_ATTRIBUTES = 10;

/** The attribute that carries the original message id (the copy gets a new one from SQS). */
const ORIGINAL_MESSAGE_ID = 'worker.original-message-id';

const ROUTE = 'worker.route';

/** Routes are untrusted text; an attribute quotes at most this much of one. */
const MAX_ROUTE = 256;

/**
 * One original attribute as SQS accepts it back, or undefined when it cannot be sent. The value field
 * follows the data type, whatever the record carried: `String`/`Number` (and custom types such as
 * `Number.float`) need a non-empty StringValue, `Binary` (and `Binary.gz`) a non-empty BinaryValue. The
 * Lambda record may carry `binaryValue: null` or both fields; only the one the type names is used.
 */
function resendable(value: MessageAttribute): MessageAttributeValue | undefined {
  if (typeof value?.dataType !== 'string') return undefined;
  const base = value.dataType.split('.', 1)[0];
  if (base === 'String' || base === 'Number') {
    const text = value.stringValue;
    return typeof text === 'string' && text !== ''
      ? { DataType: value.dataType, StringValue: text }
      : undefined;
  }
  if (base === 'Binary') {
    const bytes =
      typeof value.binaryValue === 'string' ? Buffer.from(value.binaryValue, 'base64') : undefined;
    return bytes && bytes.length > 0 ? { DataType: value.dataType, BinaryValue: bytes } : undefined;
  }
  return undefined;
}

/** Why the message was dead-lettered, as attributes an operator can filter on. */
function errorAttributes(
  delivery: Delivery,
  error: WorkerError,
  details: DeadLetterDetails,
  dropped: readonly string[],
): Array<[string, string]> {
  const ours: Array<[string, string]> = [
    [ORIGINAL_MESSAGE_ID, delivery.messageId],
    ['worker.error', error.name],
    ['worker.error-message', error.message.slice(0, 1024)],
    ['worker.task', error.task ?? '(none)'],
    [ROUTE, details.route === undefined ? '(none)' : details.route.slice(0, MAX_ROUTE)],
    ['worker.source-queue', delivery.queue ?? '(unknown)'],
    ['worker.receive-count', String(delivery.receiveCount)],
  ];
  if (dropped.length > 0) ours.push(['worker.dropped-attributes', dropped.join(',').slice(0, 1024)]);
  // SQS refuses empty attribute values.
  return ours.filter(([, value]) => value !== '');
}

function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

/**
 * The original attributes, then ours (docs/design.md, "Dead-letter copies"). Originals that
 * SQS would refuse (empty, null, unknown type) are left out and named in `worker.dropped-attributes`.
 * Ours fill the free slots: the original message id and the route first, then the rest one per
 * attribute, or packed into one JSON attribute when too few slots are left. No original attribute is ever dropped for ours.
 */
function dlqAttributes(
  delivery: Delivery,
  error: WorkerError,
  details: DeadLetterDetails = {},
): Record<string, MessageAttributeValue> {
  // Built in a Map: an attribute named `__proto__` (valid in SQS) must stay an attribute, not a prototype.
  const out = new Map<string, MessageAttributeValue>();
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(delivery.messageAttributes)) {
    const attribute = out.size < MAX_ATTRIBUTES ? resendable(value) : undefined;
    if (attribute) out.set(name, attribute);
    else dropped.push(name);
  }
  const ours = errorAttributes(delivery, error, details, dropped);
  // The two that match a copy to its log line and its task get their own slots first.
  const first = ours.filter(([name]) => name === ORIGINAL_MESSAGE_ID || name === ROUTE);
  const rest = ours.filter((entry) => !first.includes(entry));
  for (const [name, value] of first) if (out.size < MAX_ATTRIBUTES) out.set(name, stringAttribute(value));
  const free = MAX_ATTRIBUTES - out.size;
  if (free >= rest.length) {
    for (const [name, value] of rest) out.set(name, stringAttribute(value));
  } else if (free >= 1) {
    out.set('worker.dead-letter', stringAttribute(JSON.stringify(Object.fromEntries(rest))));
  }
  // fromEntries defines own properties, so `__proto__` survives as a key.
  return Object.fromEntries(out);
}

/**
 * SQS refuses empty bodies. An sqsd periodic task POSTed over HTTP has one, so it gets sqsd's own
 * marker back (its beanstalk.sqsd.* attributes travel with it, so a redrive runs the task again).
 */
function bodyForQueue(delivery: Delivery): string {
  if (delivery.body !== '') return delivery.body;
  return Object.hasOwn(delivery.messageAttributes, SQSD_SCHEDULED_TIME) ? SQSD_PERIODIC_BODY : '(empty body)';
}

/**
 * Copies a failed message to the DLQ with its original body and attributes plus the error. A FIFO DLQ
 * gets the original group and a deduplication id derived from the messageId, so a retried send after a
 * crash cannot create a second copy. The send is aborted by `details.signal` (the invocation's
 * deadline). Resolves with the copy's message id; throws when the send fails: the caller then leaves
 * the message for the queue's own redrive policy.
 */
function createDeadLetterSender(options: { queueUrl: string; sqs: SqsProvider }): DeadLetterPort {
  const fifo = options.queueUrl.endsWith('.fifo');
  return async (delivery, error, details = {}) => {
    const { sdk, client } = await options.sqs();
    const result = await client.send(
      new sdk.SendMessageCommand({
        QueueUrl: options.queueUrl,
        MessageBody: bodyForQueue(delivery),
        MessageAttributes: dlqAttributes(delivery, error, details),
        MessageGroupId: fifo ? (delivery.groupId ?? 'dead-letter') : undefined,
        MessageDeduplicationId: fifo ? delivery.messageId.slice(0, 128) : undefined,
      }),
      { abortSignal: details.signal },
    );
    return { messageId: result.MessageId };
  };
}

export { createDeadLetterSender, dlqAttributes, ORIGINAL_MESSAGE_ID };
