import type { Context, SQSEvent, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { Delivery, MessageAttribute } from '../../src/core/message.js';
import { awsFixture } from './fixtures.js';

/**
 * Builders for the shapes tests need, all starting from the real AWS samples in test/fixtures/aws so a
 * test never drifts from what Lambda actually delivers. Ids are sequential, not random, so failures are
 * reproducible.
 */

let sequence = 0;
let fifoSequence = 0;
const nextId = (): string => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

type RecordOverrides = Omit<Partial<SQSRecord>, 'attributes'> & { attributes?: Partial<SQSRecordAttributes> };

const baseRecord = (file: string): SQSRecord => {
  const [record] = awsFixture<SQSEvent>(file).Records;
  if (!record) throw new Error(`${file} has no record`);
  return record;
};

/** A record from an AWS sample file with `body`, a fresh messageId and receipt handle, and `attributes` on top. */
const recordFrom = (
  file: string,
  body: string,
  overrides: RecordOverrides,
  attributes: (messageId: string) => Partial<SQSRecordAttributes> = () => ({}),
): SQSRecord => {
  const base = baseRecord(file);
  const messageId = overrides.messageId ?? nextId();
  return {
    ...base,
    messageId,
    receiptHandle: `AQEB-${messageId}`,
    body,
    ...overrides,
    attributes: { ...base.attributes, ...attributes(messageId), ...overrides.attributes },
  };
};

/** A standard-queue record (the Lambda docs sample) with `body`; a fresh messageId and receipt handle. */
const sqsRecordFactory = (body: string, overrides: RecordOverrides = {}): SQSRecord =>
  recordFrom('sqs-event-standard.json', body, overrides);

/** A FIFO record (the Lambda docs FIFO sample) in message group `groupId`; sequence numbers increase. */
const fifoRecordFactory = (body: string, groupId: string, overrides: RecordOverrides = {}): SQSRecord =>
  recordFrom('sqs-event-fifo.json', body, overrides, (messageId) => ({
    MessageGroupId: groupId,
    MessageDeduplicationId: messageId,
    SequenceNumber: String(18849496460467696128n + BigInt(++fifoSequence)),
  }));

const sqsEventFactory = (records: SQSRecord[]): SQSEvent => ({ Records: records });

/** `{dataType: 'String', stringValue}` — the shape of one Lambda record message attribute. */
const stringAttribute = (stringValue: string): MessageAttribute => ({ dataType: 'String', stringValue });

/** A Delivery as an adapter would produce it; the body defaults to the EB smoke-test message. */
const deliveryFactory = (overrides: Partial<Delivery> = {}): Delivery => ({
  messageId: nextId(),
  body: JSON.stringify({ type: 'test', data: 'Hello Worker!' }),
  messageAttributes: {},
  receiveCount: 1,
  queue: 'my-queue',
  ...overrides,
});

/** A Lambda context whose remaining time counts down from `remainingMs` in real time. */
const lambdaContextFactory = (options: { remainingMs?: number; awsRequestId?: string } = {}): Context => {
  const deadline = Date.now() + (options.remainingMs ?? 30_000);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'worker-tier-dev-worker',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-2:123456789012:function:worker-tier-dev-worker',
    memoryLimitInMB: '1024',
    awsRequestId: options.awsRequestId ?? nextId(),
    logGroupName: '/aws/lambda/worker-tier-dev-worker',
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

export type { RecordOverrides };
export {
  deliveryFactory,
  fifoRecordFactory,
  lambdaContextFactory,
  sqsEventFactory,
  sqsRecordFactory,
  stringAttribute,
};
