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

/** Send bodies in order (SendMessageBatch keeps entry order, which FIFO tests rely on). */
async function sendBodies(
  client: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
  extra: (body: string, index: number) => Partial<SendMessageBatchRequestEntry> = () => ({}),
): Promise<string[]> {
  const ids: string[] = [];
  for (const [part, slice] of chunk(bodies).entries()) {
    const start = part * SQS_BATCH_LIMIT;
    const entries = slice.map((body, offset) => ({
      Id: `m${start + offset}`,
      MessageBody: body,
      ...extra(body, start + offset),
    }));
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if ((result.Failed ?? []).length > 0) throw new Error(`send failed: ${JSON.stringify(result.Failed)}`);
    for (const entry of entries) {
      const sent = result.Successful?.find((s) => s.Id === entry.Id);
      if (sent?.MessageId === undefined) throw new Error(`no MessageId for ${entry.Id}`);
      ids.push(sent.MessageId);
    }
  }
  return ids;
}

/** One ReceiveMessage with every system and message attribute. */
async function receive(
  client: SQSClient,
  queueUrl: string,
  waitTimeSeconds = 0,
  max = 10,
): Promise<Message[]> {
  const result = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: waitTimeSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return result.Messages ?? [];
}

/**
 * Poll `check` until it returns a value other than undefined. Bounded by `attempts`
 * so a broken engine fails the test instead of hanging it.
 */
async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  attempts = 200,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met after ${attempts} attempts`);
}

export { eventually, receive, sendBodies, uniqueName };
