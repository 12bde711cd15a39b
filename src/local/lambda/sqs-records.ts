import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { QueueArn } from '../../core/queue-arn.js';
import { LocalTierError } from '../local-tier-error.js';

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/**
 * SDK attribute (PascalCase, binary as bytes) → Lambda record attribute (camelCase, binary
 * as base64). Lambda always includes the two reserved list fields as empty arrays.
 */
function toRecordAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  return {
    // Absent, not undefined: the handler gets the record as Lambda's JSON, where a missing value has no key.
    ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
    ...(value.BinaryValue === undefined ? {} : { binaryValue: toBase64(value.BinaryValue) }),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(toBase64),
    dataType: value.DataType ?? 'String',
  };
}

/**
 * Build the record Lambda delivers for one received message
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). Needs the message to have
 * been received with `MessageSystemAttributeNames: ['All']` and `MessageAttributeNames: ['All']`.
 */
function toSqsRecord(message: Message, queue: QueueArn): SQSRecord {
  const { MessageId: messageId, ReceiptHandle: receiptHandle, Body: body, MD5OfBody: md5OfBody } = message;
  if (
    messageId === undefined ||
    receiptHandle === undefined ||
    body === undefined ||
    md5OfBody === undefined
  ) {
    throw new LocalTierError(
      `SQS returned an incomplete message (queue ${queue.name}, messageId ${messageId ?? '?'})`,
    );
  }
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = toRecordAttribute(value);
  }
  const record: SQSRecord = {
    messageId,
    receiptHandle,
    body,
    // SQS already returns every system attribute as a string.
    attributes: { ...message.Attributes } as SQSRecordAttributes,
    messageAttributes,
    md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.region,
  };
  if (message.MD5OfMessageAttributes !== undefined) {
    // Keep Lambda's key order: md5OfMessageAttributes sits between md5OfBody and eventSource.
    const { eventSource, eventSourceARN, awsRegion, ...head } = record;
    return {
      ...head,
      md5OfMessageAttributes: message.MD5OfMessageAttributes,
      eventSource,
      eventSourceARN,
      awsRegion,
    };
  }
  return record;
}

/** Bytes the record for `message` adds to the invoke payload (body size if it cannot be built). */
function recordSize(message: Message, queue: QueueArn): number {
  try {
    return Buffer.byteLength(JSON.stringify(toSqsRecord(message, queue)));
  } catch {
    return Buffer.byteLength(message.Body ?? '');
  }
}

export { recordSize, toSqsRecord };
