import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { queueNameFromArn } from '../../src/core/queue-arn.js';
import { deliveryFromSqsRecord } from '../../src/core/sqs-record.js';
import { sqsRecordFactory } from '../helpers/factories.js';
import { awsFixture } from '../helpers/fixtures.js';

describe('deliveryFromSqsRecord', () => {
  it('maps the Lambda docs standard-queue sample field by field', () => {
    const [record] = awsFixture<SQSEvent>('sqs-event-standard.json').Records;
    if (!record) throw new Error('fixture has no record');

    expect(deliveryFromSqsRecord(record)).toEqual({
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      body: 'Test message.',
      messageAttributes: {},
      receiveCount: 1,
      sentAt: new Date(1545082649183),
      firstReceivedAt: new Date(1545082649185),
      groupId: undefined,
      queue: 'my-queue',
    });
  });

  it('takes the group from the Lambda docs FIFO sample', () => {
    const [record] = awsFixture<SQSEvent>('sqs-event-fifo.json').Records;
    if (!record) throw new Error('fixture has no record');

    expect(deliveryFromSqsRecord(record)).toMatchObject({
      groupId: '1',
      queue: 'fifo.fifo',
      receiveCount: 1,
    });
  });

  it('keeps message attributes in their Lambda shape, dropping the reserved list fields', () => {
    const record = sqsRecordFactory('x', {
      messageAttributes: {
        'req-id': { dataType: 'String', stringValue: '24479a02', stringListValues: [], binaryListValues: [] },
        blob: { dataType: 'Binary', binaryValue: 'AAEC', stringListValues: [], binaryListValues: [] },
      },
    });

    const { messageAttributes } = deliveryFromSqsRecord(record);

    expect({ ...messageAttributes }).toEqual({
      'req-id': { dataType: 'String', stringValue: '24479a02' },
      blob: { dataType: 'Binary', binaryValue: 'AAEC' },
    });
  });

  it.each([
    { count: '4', expected: 4 },
    { count: '', expected: 1 },
    { count: 'many', expected: 1 },
  ])('ApproximateReceiveCount "$count" -> $expected', ({ count, expected }) => {
    const record = sqsRecordFactory('x', { attributes: { ApproximateReceiveCount: count } });

    expect(deliveryFromSqsRecord(record).receiveCount).toBe(expected);
  });

  it('leaves timestamps undefined when they are not epoch milliseconds', () => {
    const record = sqsRecordFactory('x', {
      attributes: { SentTimestamp: 'yesterday', ApproximateFirstReceiveTimestamp: '' },
    });

    expect(deliveryFromSqsRecord(record)).toMatchObject({ sentAt: undefined, firstReceivedAt: undefined });
  });
});

describe('queueNameFromArn', () => {
  it.each([
    { arn: 'arn:aws:sqs:us-east-2:123456789012:my-queue', name: 'my-queue' },
    { arn: 'arn:aws:sqs:us-east-2:123456789012:fifo.fifo', name: 'fifo.fifo' },
    { arn: undefined, name: undefined },
    { arn: '', name: undefined },
  ])('$arn -> $name', ({ arn, name }) => {
    expect(queueNameFromArn(arn)).toBe(name);
  });
});
