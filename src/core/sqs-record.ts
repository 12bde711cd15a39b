import type { SQSRecord } from 'aws-lambda';
import type { Delivery, MessageAttribute } from './message.js';
import { queueNameFromArn } from './queue-arn.js';
import { fromEpochMillis } from './times.js';

/**
 * Most records carry no message attributes: they all share this one (null-prototype objects are built in
 * dictionary mode, the slowest kind to create). Frozen, so no message can change another's.
 */
const NO_ATTRIBUTES: Readonly<Record<string, MessageAttribute>> = Object.freeze(Object.create(null));

/** A Lambda SQS record as a Delivery. Pure mapping: field by field, nothing interpreted. */
function deliveryFromSqsRecord(record: SQSRecord): Delivery {
  const attributes = record.attributes ?? {};
  const given = record.messageAttributes ?? {};
  const names = Object.keys(given);
  const messageAttributes: Record<string, MessageAttribute> =
    names.length === 0 ? NO_ATTRIBUTES : Object.create(null);
  for (const name of names) {
    const value = given[name];
    if (typeof value !== 'object' || value === null) continue;
    messageAttributes[name] = {
      dataType: value.dataType,
      stringValue: value.stringValue,
      binaryValue: value.binaryValue,
    };
  }
  const receiveCount = Number.parseInt(String(attributes.ApproximateReceiveCount), 10);
  return {
    messageId: record.messageId,
    body: typeof record.body === 'string' ? record.body : '',
    messageAttributes,
    receiveCount: Number.isFinite(receiveCount) ? receiveCount : 1,
    sentAt: fromEpochMillis(attributes.SentTimestamp),
    firstReceivedAt: fromEpochMillis(attributes.ApproximateFirstReceiveTimestamp),
    groupId: attributes.MessageGroupId,
    queue: queueNameFromArn(record.eventSourceARN),
  };
}

export { deliveryFromSqsRecord };
