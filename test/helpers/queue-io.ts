import { randomUUID } from 'node:crypto';
import {
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunk, SQS_BATCH_LIMIT } from '../../src/core/chunk.js';

/** A queue name that cannot collide with other tests sharing one emulator. */
function uniqueName(prefix: string, fifo = false): string {
  return `${prefix}-${randomUUID().slice(0, 8)}${fifo ? '.fifo' : ''}`;
}

/** SendMessageBatch in order, 10 per call (FIFO tests rely on entry order); MessageIds in `entries` order. */
async function sendAll(
  client: SQSClient,
  queueUrl: string,
  entries: readonly Omit<SendMessageBatchRequestEntry, 'Id'>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [part, slice] of chunk(entries).entries()) {
    const start = part * SQS_BATCH_LIMIT;
    const batch = slice.map((entry, offset) => ({ ...entry, Id: `m${start + offset}` }));
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch }));
    if ((result.Failed ?? []).length > 0) throw new Error(`send failed: ${JSON.stringify(result.Failed)}`);
    for (const entry of batch) {
      const sent = result.Successful?.find((s) => s.Id === entry.Id);
      if (sent?.MessageId === undefined) throw new Error(`no MessageId for ${entry.Id}`);
      ids.push(sent.MessageId);
    }
  }
  return ids;
}

/** `sendAll` for plain bodies; `extra` adds per-message fields (group id, attributes). */
function sendBodies(
  client: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
  extra: (body: string, index: number) => Partial<SendMessageBatchRequestEntry> = () => ({}),
): Promise<string[]> {
  return sendAll(
    client,
    queueUrl,
    bodies.map((body, index) => ({ MessageBody: body, ...extra(body, index) })),
  );
}

/** One ReceiveMessage with every system and message attribute. */
async function receive(
  client: SQSClient,
  queueUrl: string,
  options: { waitSeconds?: number; max?: number; visibilityTimeout?: number } = {},
): Promise<Message[]> {
  const result = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: options.max ?? 10,
      WaitTimeSeconds: options.waitSeconds ?? 0,
      VisibilityTimeout: options.visibilityTimeout,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return result.Messages ?? [];
}

/**
 * Receive (and leave in flight for `visibilityTimeout` seconds) every visible message, up to `limit`;
 * stops after an empty receive.
 */
async function drain(
  client: SQSClient,
  queueUrl: string,
  limit = 5000,
  visibilityTimeout = 600,
): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < limit) {
    const batch = await receive(client, queueUrl, {
      max: Math.min(10, limit - messages.length),
      visibilityTimeout,
    });
    if (batch.length === 0) break;
    messages.push(...batch);
  }
  return messages;
}

export { drain, receive, sendAll, sendBodies, uniqueName };
