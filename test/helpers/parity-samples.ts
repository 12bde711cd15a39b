import { readdirSync, readFileSync } from 'node:fs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { sqsRecordFactory } from './factories.js';

/** A Lambda SQS record as the event source mapping delivers it (standard queue), with its receive count. */
function sqsRecord(
  messageId: string,
  body: string,
  messageAttributes: SQSMessageAttributes = {},
  receiveCount = '1',
): SQSRecord {
  return sqsRecordFactory(body, {
    messageId,
    messageAttributes,
    attributes: { ApproximateReceiveCount: receiveCount },
  });
}

const str = (stringValue: string, dataType = 'String') =>
  ({ stringValue, dataType }) as SQSMessageAttributes[string];

/**
 * sqsd's periodic-task message (docs/sqsd-behaviour.md#periodic-delivery): the literal body and three String
 * attributes.
 */
const periodic = (messageId: string, path: string, taskName: string, scheduledTime: string) =>
  sqsRecord(messageId, 'elasticbeanstalk scheduled job', {
    'beanstalk.sqsd.path': str(path),
    'beanstalk.sqsd.task_name': str(taskName),
    'beanstalk.sqsd.scheduled_time': str(scheduledTime),
  });

/** An SNS notification as SQS holds it without raw delivery; `message` is normally a string. */
const sns = (message: unknown, attributes?: Record<string, { Type: string; Value: string }>) =>
  JSON.stringify({
    Type: 'Notification',
    MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:worker-events',
    Subject: 'worker',
    Message: message,
    Timestamp: '2026-11-27T12:00:00.000Z',
    SignatureVersion: '1',
    Signature:
      'EXAMPLElDMXvB8r9R83tGoNn0ecwd5UjllzsvSvbItzfaMpN2nk5HVSw7XnOn/49IkxDKz8YrlH2qJXj2iZB0Zo2O71c4qQk1fMUDi3LGpij7RCW7AW9vYYsSqIKRnFS94ilu7NFhUzLiieYr4BKHpdTmdD6c0esKEYBpabxDSc=',
    SigningCertURL:
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
    UnsubscribeURL:
      'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:worker-events:c9135db0-26c4-47ec-8998-413945fb5a96',
    ...(attributes ? { MessageAttributes: attributes } : {}),
  });

/** The S3 event notification from the S3 docs ("Event message structure"), one ObjectCreated:Put record. */
const S3_PUT = JSON.stringify({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-west-2',
      eventTime: '1970-01-01T00:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AIDAJDPLRKLG7UEXAMPLE' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'testConfigRule',
        bucket: {
          name: 'mybucket',
          ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
          arn: 'arn:aws:s3:::mybucket',
        },
        object: {
          key: 'HappyFace.jpg',
          size: 1024,
          eTag: 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: '0055AED6DCD90281E5',
        },
      },
    },
  ],
});

/** What S3 sends once when a notification configuration is saved. */
const S3_TEST_EVENT = JSON.stringify({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2014-10-13T15:57:02.089Z',
  Bucket: 'bucketname',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
});

const eventBridge = (detailType: string, source: string, detail: unknown, resources: string[] = []) =>
  JSON.stringify({
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-11-27T02:00:00Z',
    region: 'us-east-1',
    resources,
    detail,
  });

/** Real AWS and EB message shapes, plus malformed bodies and failing tasks, each a one-record case. */
const sampleRecords = (): SQSRecord[] => [
  sqsRecord('sample-sns-json', sns('{"type":"user_signup","userId":"u-9","email":"grace@example.com"}')),
  sqsRecord('sample-sns-text-attr', sns('plain ping', { type: { Type: 'String', Value: 'test' } })),
  sqsRecord('sample-sns-message-not-string', sns({ type: 'test' })),
  sqsRecord('sample-s3-put', S3_PUT),
  sqsRecord('sample-s3-test-event', S3_TEST_EVENT),
  sqsRecord(
    'sample-eventbridge-ec2',
    eventBridge(
      'EC2 Instance State-change Notification',
      'aws.ec2',
      { 'instance-id': 'i-abcd1111', state: 'pending' },
      ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
    ),
  ),
  sqsRecord(
    'sample-eventbridge-app',
    eventBridge('order_processing', 'com.example.shop', {
      orderId: 'o-5',
      items: [{ sku: 'A', quantity: 1, unitPrice: 3 }],
    }),
  ),
  sqsRecord(
    'sample-eventbridge-schedule',
    eventBridge('Scheduled Event', 'aws.events', {}, [
      'arn:aws:events:us-east-1:123456789012:rule/worker-tier-dev-cleanup',
    ]),
  ),
  periodic('sample-periodic-cleanup', '/cleanup', 'cleanup-job', '2026-11-27 02:00:00 UTC'),
  periodic('sample-periodic-reports', '/reports', 'reports', '2026-11-27 06:00:00 UTC'),
  periodic('sample-periodic-by-name', '/', 'backup', '2026-11-29 01:00:00 UTC'),
  periodic('sample-periodic-unknown', '/audit', 'audit', '2026-11-27 23:00:00 UTC'),
  sqsRecord('sample-text-type-attr', 'hello from a text/plain producer', { type: str('test') }),
  sqsRecord('sample-custom-type-attr', '<ping/>', { type: str('test', 'String.xml') }),
  sqsRecord('sample-binary-attr', '{"type":"test"}', {
    blob: { binaryValue: 'AAEC', dataType: 'Binary' } as SQSMessageAttributes[string],
  }),
  sqsRecord('sample-number-attr', '{"type":"test"}', { priority: str('5', 'Number') }, '9'),
  sqsRecord('sample-forged-periodic-attr', '{"type":"test"}', { 'beanstalk.sqsd.path': str('/backup') }),
  sqsRecord('malformed-not-json', 'this is not json'),
  sqsRecord('malformed-array', '[{"type":"test"}]'),
  sqsRecord('malformed-null', 'null'),
  sqsRecord('malformed-type-number', '{"type":42}'),
  sqsRecord('malformed-type-empty', '{"type":""}'),
  sqsRecord('malformed-no-type', '{"userId":"u-1","email":"a@b.co"}'),
  sqsRecord('malformed-truncated', '{"type":"test","data":"Hello'),
  sqsRecord('failing-retryable', '{"type":"flaky"}'),
  sqsRecord('failing-type-error', '{"type":"crash"}', {}, '3'),
];

/** Every record of every `events/sqs-*.json` fixture, named `<file>#<index>`. */
const fixtureRecords = (eventsDir: URL): Array<{ name: string; record: SQSRecord }> =>
  readdirSync(eventsDir)
    .filter((file) => /^sqs-.*\.json$/.test(file))
    .sort()
    .flatMap((file) => {
      const event = JSON.parse(readFileSync(new URL(file, eventsDir), 'utf8')) as SQSEvent;
      return event.Records.map((record, index) => ({ name: `${file}#${index}`, record }));
    });

export { fixtureRecords, sampleRecords };
