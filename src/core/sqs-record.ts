import type { SQSRecord } from 'aws-lambda';
import type { Delivery, MessageAttribute } from './message.js';
import { fromEpochMillis } from './times.js';

/** `arn:aws:sqs:us-east-2:123456789012:my-queue` → `my-queue` (the name sqsd puts in X-Aws-Sqsd-Queue). */
function queueNameFromArn(arn: string | undefined): string | undefined {
  return arn?.split(':').pop() || undefined;
}

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
  const receiveCount = Number.parseInt(attributes.ApproximateReceiveCount ?? '', 10);
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

export { deliveryFromSqsRecord, queueNameFromArn };
