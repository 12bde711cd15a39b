/**
 * fauxqs returns an expired in-flight message to the visible ones only on the next receive from that
 * queue; the embedded SQS must report the truth without one (a peeked DLQ must not stay "in flight").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedSqs, startEmbeddedSqs } from '../../../src/local/sqs/embedded-sqs.js';
import { queueDepth } from '../../../src/local/tier/queue-depth.js';
import { createQueuePair } from '../../helpers/embedded-queues.js';
import { receive, sendBodies } from '../../helpers/queue-io.js';

const dataDir = mkdtempSync(join(tmpdir(), 'true-depth-'));
const modes: [string, { dataDir?: string }][] = [
  ['in memory', {}],
  ['persistent', { dataDir }],
];

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe.each(modes)('queue depth (%s)', (_mode, options) => {
  let sqs: EmbeddedSqs;
  let client: SQSClient;

  it('starts', async () => {
    sqs = await startEmbeddedSqs({ port: 0, ...options });
    client = sqs.createClient();
  });

  it.each([false, true])(
    'a peeked DLQ message is visible again once its timeout passed (fifo %s)',
    async (fifo) => {
      const { dlq } = await createQueuePair(client, { prefix: 'depth', visibilityTimeout: 30, fifo });
      await sendBodies(client, dlq.url, ['dead'], () =>
        fifo ? { MessageGroupId: 'g1', MessageDeduplicationId: 'd1' } : {},
      );
      const peeked = await receive(client, dlq.url, { visibilityTimeout: 1 });
      expect(peeked).toHaveLength(1);
      expect(await queueDepth(client, dlq.url)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
      await sleep(1300);
      expect(await queueDepth(client, dlq.url)).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
    },
  );

  it('a delayed message counts as visible once its delay passed', async () => {
    const { main } = await createQueuePair(client, { prefix: 'delay', visibilityTimeout: 30 });
    await client.send(new SendMessageCommand({ QueueUrl: main.url, MessageBody: 'later', DelaySeconds: 1 }));
    expect(await queueDepth(client, main.url)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    await sleep(1300);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: main.url, AttributeNames: ['All'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('1');
    expect(Attributes?.ApproximateNumberOfMessagesDelayed).toBe('0');
  });

  it('stops', async () => {
    client.destroy();
    await sqs.stop();
  });
});
