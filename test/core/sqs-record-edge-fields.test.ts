/**
 * Lambda records built by hand (tests, `serverless invoke local` events, redrive tools) omit or null out
 * fields AWS always sends. Mapping such a record must not throw: one broken record would fail its whole batch.
 */
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { queueNameFromArn } from '../../src/core/queue-arn.js';
import { deliveryFromSqsRecord } from '../../src/core/sqs-record.js';
import { sqsRecordFactory } from '../helpers/factories.js';

describe('deliveryFromSqsRecord with missing or null fields', () => {
  it('skips attribute entries that are null or not objects, keeping the rest', () => {
    const record = sqsRecordFactory('x', {
      messageAttributes: JSON.parse(
        '{"gone": null, "text": "String", "count": 3, "kept": {"dataType": "String", "stringValue": "v"}}',
      ),
    });

    const { messageAttributes } = deliveryFromSqsRecord(record);

    expect({ ...messageAttributes }).toEqual({ kept: { dataType: 'String', stringValue: 'v' } });
    expect(Object.getPrototypeOf(messageAttributes)).toBeNull();
  });

  it("reads only the attributes object's own entries, never an inherited enumerable one", () => {
    const inherited = { planted: { dataType: 'String', stringValue: 'from the prototype' } };
    const own = Object.assign(Object.create(inherited), { kept: { dataType: 'String', stringValue: 'v' } });

    const { messageAttributes } = deliveryFromSqsRecord(sqsRecordFactory('x', { messageAttributes: own }));

    expect(Object.keys(messageAttributes)).toEqual(['kept']);
  });

  it('a record whose attribute entries are all unusable shares the no-attributes object, which stays empty', () => {
    const record = sqsRecordFactory('x', {
      messageAttributes: JSON.parse('{"gone": null, "text": "String"}'),
    });
    const other = deliveryFromSqsRecord(sqsRecordFactory('y', { messageAttributes: {} }));

    const { messageAttributes } = deliveryFromSqsRecord(record);

    expect(messageAttributes).toBe(other.messageAttributes);
    expect(Object.keys(messageAttributes)).toEqual([]);
    expect(Object.isFrozen(messageAttributes)).toBe(true);
  });

  it('a record without attributes, messageAttributes, body or ARN maps to first delivery defaults', () => {
    const bare = { messageId: 'm-bare', receiptHandle: 'r' } as unknown as SQSRecord;

    expect(deliveryFromSqsRecord(bare)).toEqual({
      messageId: 'm-bare',
      body: '',
      messageAttributes: {},
      receiveCount: 1,
      sentAt: undefined,
      firstReceivedAt: undefined,
      groupId: undefined,
      queue: undefined,
    });
  });

  it('keeps an empty body as empty, a non-string body becomes empty', () => {
    expect(deliveryFromSqsRecord(sqsRecordFactory('')).body).toBe('');
    expect(deliveryFromSqsRecord({ ...sqsRecordFactory('x'), body: 42 as unknown as string }).body).toBe('');
  });

  it('a receive count with trailing text keeps its leading number', () => {
    const record = sqsRecordFactory('x', { attributes: { ApproximateReceiveCount: '12abc' } });

    expect(deliveryFromSqsRecord(record).receiveCount).toBe(12);
  });
});

describe('queueNameFromArn', () => {
  it.each([
    { arn: 'arn:aws:sqs:us-east-2:123456789012:my-queue', name: 'my-queue' },
    { arn: 'arn:aws:sqs:eu-west-1:123456789012:orders.fifo', name: 'orders.fifo' },
    { arn: 'plain-name', name: 'plain-name' },
    { arn: 'arn:aws:sqs:us-east-2:123456789012:', name: undefined },
    { arn: '', name: undefined },
    { arn: undefined, name: undefined },
  ])('$arn -> $name', ({ arn, name }) => {
    expect(queueNameFromArn(arn)).toBe(name);
  });
});
