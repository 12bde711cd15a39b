import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { SQSD_PERIODIC_BODY, SQSD_SCHEDULED_TIME } from '../core/attributes.js';
import type { WorkerError } from '../core/errors.js';
import type { Delivery } from '../core/message.js';
import type { DeadLetterPort } from '../core/process-delivery.js';
import type { SqsProvider } from './sqs-client.js';

/** SQS allows at most 10 message attributes per message. */
const MAX_ATTRIBUTES = 10;

/** Why the message was dead-lettered, as attributes an operator can filter on. */
function errorAttributes(delivery: Delivery, error: WorkerError): Record<string, string> {
  return {
    'worker.error': error.name,
    'worker.error-message': error.message.slice(0, 1024),
    'worker.task': error.task ?? '(none)',
    'worker.source-queue': delivery.queue ?? '(unknown)',
    'worker.receive-count': String(delivery.receiveCount),
  };
}

function stringAttribute(value: string): MessageAttributeValue {
  return {
    DataType: 'String',
    StringValue: value,
  };
}

/**
 * The original attributes, then ours. When the original already uses most of the 10 slots, ours are
 * packed into one JSON attribute; when it uses all 10, ours are dropped (the error is in the logs) rather
 * than losing an original attribute or failing the send.
 */
function dlqAttributes(delivery: Delivery, error: WorkerError): Record<string, MessageAttributeValue> {
  // Built in a Map: an attribute named `__proto__` (valid in SQS) must stay an attribute, not a prototype.
  const out = new Map<string, MessageAttributeValue>();
  for (const [name, value] of Object.entries(delivery.messageAttributes)) {
    out.set(
      name,
      value.binaryValue === undefined
        ? { DataType: value.dataType, StringValue: value.stringValue ?? '' }
        : { DataType: value.dataType, BinaryValue: Buffer.from(value.binaryValue, 'base64') },
    );
  }
  const ours = Object.entries(errorAttributes(delivery, error));
  const free = MAX_ATTRIBUTES - out.size;
  if (free >= ours.length) {
    for (const [name, value] of ours) out.set(name, stringAttribute(value));
  } else if (free >= 1) {
    out.set('worker.dead-letter', stringAttribute(JSON.stringify(Object.fromEntries(ours))));
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
 * crash cannot create a second copy. Throws when the send fails: the caller then leaves the message for
 * the queue's own redrive policy.
 */
function createDeadLetterSender(options: { queueUrl: string; sqs: SqsProvider }): DeadLetterPort {
  const fifo = options.queueUrl.endsWith('.fifo');
  return async (delivery, error) => {
    const { sdk, client } = await options.sqs();
    await client.send(
      new sdk.SendMessageCommand({
        QueueUrl: options.queueUrl,
        MessageBody: bodyForQueue(delivery),
        MessageAttributes: dlqAttributes(delivery, error),
        ...(fifo
          ? {
              MessageGroupId: delivery.groupId ?? 'dead-letter',
              MessageDeduplicationId: delivery.messageId.slice(0, 128),
            }
          : {}),
      }),
    );
  };
}

export { createDeadLetterSender, dlqAttributes };
