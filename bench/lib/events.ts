import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Synthetic SQS events and a Lambda context, shaped like the official samples
 * (docs/lambda-behaviour.md#sqs-record-shape).
 */

const STANDARD_ARN = 'arn:aws:sqs:us-east-1:123456789012:bench-queue';
const FIFO_ARN = 'arn:aws:sqs:us-east-1:123456789012:bench-queue.fifo';

type RecordSpec = { body: string; groupId?: string };

const sqsRecord = (index: number, spec: RecordSpec, fifo: boolean): SQSRecord => ({
  messageId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  receiptHandle: `AQEB-bench-${index}`,
  body: spec.body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1764248400000',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1764248400123',
    ...(fifo
      ? {
          SequenceNumber: String(18849496460467696128n + BigInt(index)),
          MessageGroupId: spec.groupId ?? 'default',
          MessageDeduplicationId: String(index),
        }
      : {}),
  },
  messageAttributes: {},
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  eventSource: 'aws:sqs',
  eventSourceARN: fifo ? FIFO_ARN : STANDARD_ARN,
  awsRegion: 'us-east-1',
});

const sqsEvent = (specs: readonly RecordSpec[], options: { fifo?: boolean } = {}): SQSEvent => ({
  Records: specs.map((spec, index) => sqsRecord(index, spec, options.fifo === true)),
});

/** `count` records of the bench task; `groupOf` spreads them over FIFO groups. */
const benchEvent = (
  count: number,
  options: { fifo?: boolean; groupOf?: (index: number) => string } = {},
): SQSEvent =>
  sqsEvent(
    Array.from({ length: count }, (_, index) => {
      const groupId = options.groupOf?.(index);
      return { body: JSON.stringify({ type: 'bench', seq: index, group: groupId }), groupId };
    }),
    options,
  );

/** A Lambda context with a fixed remaining time, so middy's and our deadline timers are armed as in Lambda. */
const lambdaContext = (remainingMs = 60_000): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'worker-tier-bench-worker',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:worker-tier-bench-worker',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench-request',
  logGroupName: '/aws/lambda/worker-tier-bench-worker',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => remainingMs,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export type { RecordSpec };
export { benchEvent, FIFO_ARN, lambdaContext, STANDARD_ARN, sqsEvent };
