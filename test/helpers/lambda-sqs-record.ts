import type { Message } from '@aws-sdk/client-sqs';
import type { SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { parseQueueArn } from '../../src/core/queue-arn.js';

/**
 * System attributes Lambda copies into `record.attributes` when SQS returns them
 * (docs/lambda-behaviour.md#sqs-record-shape).
 */
const OPTIONAL_ATTRIBUTES = [
  'AWSTraceHeader',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
] as const;

const REQUIRED_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
] as const;

/**
 * Builds the record Lambda's SQS event source mapping would deliver for a message received with
 * `MessageSystemAttributeNames: ['All']` and `MessageAttributeNames: ['All']`: camelCase fields,
 * binary attribute values as base64, the reserved list fields as empty arrays, and the queue ARN and
 * region the ESM adds. Throws if the receive did not ask for the attributes Lambda always has.
 */
const lambdaRecordFromMessage = (message: Message, queueArn: string): SQSRecord => {
  const received = message.Attributes ?? {};
  const attributes: Record<string, string> = {};
  for (const name of REQUIRED_ATTRIBUTES) {
    const value = received[name];
    if (value === undefined) throw new Error(`message ${message.MessageId} has no ${name}: receive with All`);
    attributes[name] = value;
  }
  for (const name of OPTIONAL_ATTRIBUTES) {
    const value = received[name];
    if (value !== undefined) attributes[name] = value;
  }
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  const { region } = parseQueueArn(queueArn);
  if (!message.MessageId || !message.ReceiptHandle || message.Body === undefined) {
    throw new Error(`incomplete message or ARN: ${message.MessageId} / ${queueArn}`);
  }
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: attributes as unknown as SQSRecordAttributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
};

export { lambdaRecordFromMessage };
