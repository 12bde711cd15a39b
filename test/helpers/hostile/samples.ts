import type { Delivery, MessageAttribute } from '../../../src/core/message.js';

/**
 * One real-looking sample of every body shape the worker understands (src/core/shapes.ts), as JSON
 * values, so tests can mutate them field by field. SNS samples carry their inner message as a value
 * (`inner`) and are serialised by `bodyOf`, so the inner message can be mutated too.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Sample = {
  name: string;
  /** The body as a JSON value; `snsInner` bodies are wrapped in an SNS envelope by `bodyOf`. */
  body: Json;
  /** For SNS samples: the published message, JSON-encoded into `Message`. */
  snsInner?: Json;
  attributes?: Record<string, MessageAttribute>;
};

const SCHEDULED_TIME = '2026-11-27T12:00:00Z';

const userSignup = { type: 'user_signup', userId: 'u-123', email: 'ada@example.com' };
const order = {
  type: 'order_processing',
  orderId: 'o-42',
  items: [
    { sku: 'BOOK-1', quantity: 2, unitPrice: 12.5 },
    { sku: 'PEN-7', quantity: 3, unitPrice: 1.2 },
  ],
};

const snsEnvelope = (message: string): Json => ({
  Type: 'Notification',
  MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
  TopicArn: 'arn:aws:sns:us-east-1:123456789012:worker-events',
  Subject: 'order',
  Message: message,
  Timestamp: '2026-11-27T12:00:00.000Z',
  SignatureVersion: '1',
  Signature:
    'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
  SigningCertURL:
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
  UnsubscribeURL:
    'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:worker-events:c9135db0',
  MessageAttributes: { source: { Type: 'String', Value: 'shop' }, priority: { Type: 'Number', Value: '3' } },
});

const SAMPLES: readonly Sample[] = [
  { name: 'test message', body: { type: 'test', data: 'Hello Worker!' } },
  { name: 'user_signup', body: userSignup },
  { name: 'order_processing', body: order },
  { name: 'SNS envelope around order_processing', body: null, snsInner: order },
  {
    name: 'S3 test event',
    body: {
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2026-11-27T12:00:00.000Z',
      Bucket: 'worker-uploads',
      RequestId: '5582815E1AEA5ADF',
      HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
    },
  },
  {
    name: 'S3 event notification',
    body: {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: '2026-11-27T12:00:00.000Z',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'worker-uploads' }, object: { key: 'a.csv', size: 1024 } },
        },
      ],
    },
  },
  {
    name: 'EventBridge event',
    body: {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'user_signup',
      source: 'com.example.accounts',
      account: '123456789012',
      time: '2026-11-27T12:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { userId: 'u-9', email: 'grace@example.com' },
    },
  },
  {
    name: 'EventBridge rule Scheduled Event',
    body: {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: SCHEDULED_TIME,
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/worker-tier-dev-cleanup'],
      detail: {},
    },
  },
  {
    name: 'EventBridge Scheduler without input',
    body: {
      version: '0',
      id: 'b0c7a1a4-1b9e-4d1c-8f0f-2b4a2b6c3d4e',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '123456789012',
      time: SCHEDULED_TIME,
      region: 'us-east-1',
      resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/default/worker-tier-dev-backup'],
      detail: '{}',
    },
  },
  { name: 'schedule input', body: { task: 'cleanup', scheduledTime: SCHEDULED_TIME } },
  {
    name: 'Lambda on-failure destination record',
    body: {
      version: '1.0',
      timestamp: '2026-11-27T12:05:00.000Z',
      requestContext: {
        requestId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e',
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:worker-tier-dev-scheduled:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { task: 'reports', scheduledTime: SCHEDULED_TIME },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'boom' },
    },
  },
  {
    name: 'sqsd periodic task',
    body: 'elasticbeanstalk scheduled job',
    attributes: {
      'beanstalk.sqsd.path': { dataType: 'String', stringValue: '/cleanup' },
      'beanstalk.sqsd.task_name': { dataType: 'String', stringValue: 'cleanup' },
      'beanstalk.sqsd.scheduled_time': { dataType: 'String', stringValue: '2026-11-27 12:00:00 UTC' },
    },
  },
  {
    name: 'plain text routed by the type attribute',
    body: 'Hello Worker!',
    attributes: { type: { dataType: 'String', stringValue: 'test' } },
  },
];

/** The raw SQS body of a sample: JSON text, the SNS envelope, or the sample's own text. */
const bodyOf = (sample: Pick<Sample, 'body' | 'snsInner'>): string => {
  if (sample.snsInner !== undefined) {
    const inner = typeof sample.snsInner === 'string' ? sample.snsInner : JSON.stringify(sample.snsInner);
    return JSON.stringify(snsEnvelope(inner));
  }
  return typeof sample.body === 'string' ? sample.body : JSON.stringify(sample.body);
};

const delivery = (
  body: string,
  options: { messageId?: string; attributes?: Record<string, MessageAttribute>; groupId?: string } = {},
): Delivery => ({
  messageId: options.messageId ?? 'msg-1',
  body,
  messageAttributes: options.attributes ?? {},
  receiveCount: 1,
  groupId: options.groupId,
  queue: 'worker-tier-dev-work',
});

export type { Json, Sample };
export { bodyOf, delivery, SAMPLES, snsEnvelope };
