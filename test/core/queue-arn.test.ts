/**
 * Queue ARNs: `parseQueueArn` is strict (the ARN names the queue an operator redrives, or the source the
 * tier emulates), `queueNameFromArn` is lenient (a record's eventSourceARN is only reported).
 */
import { describe, expect, it } from 'vitest';
import { parseQueueArn, queueNameFromArn } from '../../src/core/queue-arn.js';

describe('parseQueueArn', () => {
  it('splits a standard and a FIFO queue ARN into its parts', () => {
    expect(parseQueueArn('arn:aws:sqs:us-east-2:123456789012:my-queue')).toEqual({
      arn: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
      partition: 'aws',
      region: 'us-east-2',
      accountId: '123456789012',
      name: 'my-queue',
    });
    expect(parseQueueArn('arn:aws-cn:sqs:cn-north-1:000000000000:orders.fifo')).toMatchObject({
      partition: 'aws-cn',
      region: 'cn-north-1',
      name: 'orders.fifo',
    });
  });

  it.each([
    { case: 'not an ARN', arn: 'https://sqs.us-east-2.amazonaws.com/123456789012/my-queue' },
    { case: 'a prefix other than arn', arn: 'urn:aws:sqs:us-east-2:123456789012:my-queue' },
    { case: 'no partition', arn: 'arn::sqs:us-east-2:123456789012:my-queue' },
    { case: 'an SNS topic', arn: 'arn:aws:sns:us-east-2:123456789012:my-topic' },
    { case: 'no region', arn: 'arn:aws:sqs::123456789012:my-queue' },
    { case: 'no account', arn: 'arn:aws:sqs:us-east-2::my-queue' },
    { case: 'no name', arn: 'arn:aws:sqs:us-east-2:123456789012:' },
    { case: 'a name with a colon', arn: 'arn:aws:sqs:us-east-2:123456789012:my-queue:extra' },
    { case: 'an empty string', arn: '' },
  ])('rejects $case, quoting the ARN', ({ arn }) => {
    expect(() => parseQueueArn(arn)).toThrow(`not an SQS queue ARN: ${JSON.stringify(arn)}`);
  });
});

describe('queueNameFromArn', () => {
  it.each([
    { arn: 'arn:aws:sqs:us-east-2:123456789012:my-queue', name: 'my-queue' },
    { arn: 'arn:aws:sqs:us-east-2:123456789012:orders.fifo', name: 'orders.fifo' },
    { arn: 'just-a-name', name: 'just-a-name' },
    { arn: 'arn:aws:sqs:us-east-2:123456789012:', name: undefined },
    { arn: '', name: undefined },
    { arn: undefined, name: undefined },
  ])('$arn -> $name', ({ arn, name }) => {
    expect(queueNameFromArn(arn)).toBe(name);
  });
});
