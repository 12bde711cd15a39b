import { describe, expect, it } from 'vitest';
import { awsFixture } from '../helpers/fixtures.js';

/** The composed and edited fixtures (see test/fixtures/aws/SOURCES.md) stay what SOURCES.md says they are. */
describe('AWS fixtures', () => {
  it('sns-envelope-s3-event.json is the SNS docs envelope carrying the S3 docs event as its Message', () => {
    const envelope = awsFixture('sns-notification-envelope.json');
    const s3Event = awsFixture('s3-event-object-created-put.json');

    expect(awsFixture('sns-envelope-s3-event.json')).toEqual({
      ...envelope,
      Message: JSON.stringify(s3Event),
    });
  });

  it('lambda-destination-on-failure.json differs from the docs record only in requestPayload', () => {
    const record = awsFixture<Record<string, unknown>>('lambda-destination-on-failure.json');

    expect(record.requestPayload).toEqual({ task: 'cleanup', scheduledTime: '2022-03-22T18:59:43Z' });
    expect(record.requestContext).toEqual({
      requestId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
  });

  it('the Scheduler default payload carries detail as the string "{}", not an object', () => {
    expect(awsFixture('scheduler-default-payload.json').detail).toBe('{}');
  });
});
