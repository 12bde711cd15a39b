import type { SQSRecord } from 'aws-lambda';
import type { Delivery, MessageAttribute } from './message.js';
import { queueNameFromArn } from './queue-arn.js';
import { fromEpochMillis } from './times.js';

/** A Lambda SQS record as a Delivery. Pure mapping: field by field, nothing interpreted. */
function deliveryFromSqsRecord(record: SQSRecord): Delivery {
  const attributes = record.attributes ?? {};
  const messageAttributes: Record<string, MessageAttribute> = Object.create(null);
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
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
