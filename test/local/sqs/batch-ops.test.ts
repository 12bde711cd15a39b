import { describe, expect, it } from 'vitest';
import { deleteMessages, releaseMessages } from '../../../src/local/sqs/batch-ops.js';
import { recordingLogger } from '../../helpers/capture-logger.js';
import { useEmbeddedSqs } from '../../helpers/embedded-queues.js';
import { createTestQueues } from '../../helpers/mapping-fixture.js';
import { queueDepth } from '../../helpers/queue-depth.js';
import { receive, sendBodies } from '../../helpers/queue-io.js';

const local = useEmbeddedSqs();

/** Receive `count` messages (several calls, 10 at most each) as refs. */
async function receiveRefs(queueUrl: string, count: number) {
  const refs: { messageId: string; receiptHandle: string }[] = [];
  for (let attempt = 0; attempt < 10 && refs.length < count; attempt++) {
    for (const m of await receive(local.client, queueUrl)) {
      refs.push({ messageId: m.MessageId ?? '', receiptHandle: m.ReceiptHandle ?? '' });
    }
  }
  return refs;
}

describe('SQS batch operations', () => {
  it('deletes more than 10 messages by splitting DeleteMessageBatch calls', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 30 });
    const ids = await sendBodies(
      local.client,
      main.url,
      Array.from({ length: 13 }, (_, i) => `m${i}`),
    );
    const refs = await receiveRefs(main.url, 13);
    const logger = recordingLogger();
    const outcome = await deleteMessages(local.client, { url: main.url, name: main.name }, refs, logger);
    expect(outcome.succeeded.sort()).toEqual([...ids].sort());
    expect(outcome.failed).toEqual([]);
    expect(await queueDepth(local.client, main.url)).toBe(0);
  });

  it('maps per-entry failures back to messageIds and logs them with the queue', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 30 });
    await sendBodies(
      local.client,
      main.url,
      Array.from({ length: 11 }, (_, i) => `m${i}`),
    );
    const refs = await receiveRefs(main.url, 11);
    const bogus = { messageId: 'bogus-id', receiptHandle: 'expired-handle' };
    const logger = recordingLogger();
    const outcome = await releaseMessages(
      local.client,
      { url: main.url, name: main.name },
      [...refs, bogus],
      logger,
    );
    expect(outcome.succeeded).toHaveLength(11);
    expect(outcome.failed).toEqual([
      { messageId: 'bogus-id', reason: expect.stringContaining('ReceiptHandleIsInvalid') },
    ]);
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: 'error',
        extra: expect.objectContaining({ queue: main.name, messageId: 'bogus-id' }),
      }),
    ]);
    expect(await receiveRefs(main.url, 11)).toHaveLength(11);
  });

  it('reports every message of a chunk whose call fails', async () => {
    const logger = recordingLogger();
    const queue = { url: 'http://sqs.us-east-1.localhost/000000000000/missing', name: 'missing' };
    const outcome = await deleteMessages(
      local.client,
      queue,
      [{ messageId: 'a', receiptHandle: 'h' }],
      logger,
    );
    expect(outcome).toEqual({ succeeded: [], failed: [{ messageId: 'a', reason: expect.any(String) }] });
    expect(logger.entries[0]).toMatchObject({
      level: 'error',
      extra: { queue: 'missing', messageIds: ['a'] },
    });
  });
});
