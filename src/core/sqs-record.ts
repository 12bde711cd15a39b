import type { SQSRecord } from 'aws-lambda';
import { NO_ATTRIBUTES } from './attributes.js';
import type { Delivery, MessageAttribute } from './message.js';
import { queueNameFromArn } from './queue-arn.js';
import { fromEpochMillis } from './times.js';

/** Every record of a batch comes from one queue (nearly always): its name is worked out once. */
let lastArn: string | undefined;
let lastName: string | undefined;

function queueNameOf(arn: string | undefined): string | undefined {
  // Stryker disable next-line ConditionalExpression: a cache; working the name out again gives the same name
  if (arn !== lastArn) {
    lastName = queueNameFromArn(arn);
    lastArn = arn;
  }
  return lastName;
}

/** A Lambda SQS record as a Delivery. Pure mapping: field by field, nothing interpreted. */
function deliveryFromSqsRecord(record: SQSRecord): Delivery {
  const attributes = record.attributes ?? {};
  const given = record.messageAttributes ?? {};
  // Most records carry none: they share one object (see NO_ATTRIBUTES), made their own at the first one.
  // for-in, not Object.keys: an array per record, for nearly always no key at all.
  let messageAttributes: Record<string, MessageAttribute> = NO_ATTRIBUTES;
  for (const name in given) {
    if (!Object.hasOwn(given, name)) continue;
    const value = given[name];
    if (typeof value !== 'object' || value === null) continue;
    if (messageAttributes === NO_ATTRIBUTES) messageAttributes = Object.create(null);
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
    queue: queueNameOf(record.eventSourceARN),
  };
}

export { deliveryFromSqsRecord };
