import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

// The four system attributes sqsd asks for, and all message attributes
// (docs/sqsd-behaviour.md#request-shape).
const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SentTimestamp',
  'SenderId',
] as const;

/**
 * One 20 s long poll for up to `max` (≤ 10) messages, as sqsd polls (docs/sqsd-behaviour.md#request-shape).
 * Its VisibilityTimeout overrides the queue's own setting, and the clock starts now, at receive time
 * (docs/sqsd-behaviour.md#timeouts). `signal` aborts the poll (stop()).
 */
async function receiveMessages(
  client: SQSClient,
  queueUrl: string,
  settings: { visibilityTimeout: number },
  max: number,
  signal: AbortSignal,
): Promise<Message[]> {
  const result = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: 20,
      VisibilityTimeout: settings.visibilityTimeout,
      MessageSystemAttributeNames: [...SYSTEM_ATTRIBUTES],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: signal },
  );
  return result.Messages ?? [];
}

export { receiveMessages };
