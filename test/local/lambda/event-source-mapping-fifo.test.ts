import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { useEmbeddedSqs } from '../../helpers/embedded-queues.js';
import { eventually } from '../../helpers/eventually.js';
import {
  createTestQueues,
  processedAtLeast,
  recordedMapping,
  useRecordedMappings,
} from '../../helpers/mapping-fixture.js';
import { queueDepth } from '../../helpers/queue-depth.js';
import { sendBodies } from '../../helpers/queue-io.js';

const local = useEmbeddedSqs();
const { stopAfterTest } = useRecordedMappings();

/** Tracks how many invocations hold each message group at once. */
function groupConcurrency() {
  const active = new Map<string, number>();
  let max = 0;
  return {
    get max() {
      return max;
    },
    enter(event: SQSEvent): () => void {
      const groups = [...new Set(event.Records.map((r) => r.attributes.MessageGroupId ?? '?'))];
      for (const group of groups) {
        const now = (active.get(group) ?? 0) + 1;
        active.set(group, now);
        max = Math.max(max, now);
      }
      return () => {
        for (const group of groups) active.set(group, (active.get(group) ?? 1) - 1);
      };
    },
  };
}

describe('EventSourceMapping: FIFO queues', () => {
  it('keeps each group in order when a message in the middle fails, and the rest of the group follows it', async () => {
    const { main } = await createTestQueues(local.client, { fifo: true });
    const bodies = ['a1', 'a2', 'a3-fail', 'a4', 'a5', 'b1', 'b2', 'b3'];
    await sendBodies(local.client, main.url, bodies, (body) => ({ MessageGroupId: body.slice(0, 1) }));
    const concurrency = groupConcurrency();
    // A FIFO-correct handler (Powertools' skipGroupOnError): after a failure, report it and
    // every later record of the same group; other groups carry on.
    const { mapping, seen } = recordedMapping(local.client, main.url, async (event) => {
      const leave = concurrency.enter(event);
      try {
        const failedGroups = new Set<string | undefined>();
        const failed = event.Records.filter((r) => {
          const group = r.attributes.MessageGroupId;
          if (failedGroups.has(group)) return true;
          if (r.body.endsWith('-fail') && r.attributes.ApproximateReceiveCount === '1')
            failedGroups.add(group);
          return failedGroups.has(group);
        });
        return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
      } finally {
        leave();
      }
    });
    stopAfterTest(mapping);
    await mapping.start();
    await processedAtLeast(mapping, bodies.length);
    const order = (group: string) => seen().filter((entry) => entry.startsWith(group));
    expect(order('a')).toEqual(['a1#1', 'a2#1', 'a3-fail#1', 'a3-fail#2', 'a4#1', 'a5#1']);
    expect(order('b')).toEqual(['b1#1', 'b2#1', 'b3#1']);
    expect(concurrency.max).toBe(1);
    expect(await queueDepth(local.client, main.url)).toBe(0);
  });

  it('passes FIFO system attributes in the records', async () => {
    const { main } = await createTestQueues(local.client, { fifo: true });
    await sendBodies(local.client, main.url, ['x'], () => ({
      MessageGroupId: 'g',
      MessageDeduplicationId: 'd-1',
    }));
    const { mapping, invocations } = recordedMapping(local.client, main.url, async () => ({}));
    stopAfterTest(mapping);
    await mapping.start();
    const [record] = (await eventually(() => invocations[0])).records;
    expect(record?.attributes).toMatchObject({
      MessageGroupId: 'g',
      MessageDeduplicationId: 'd-1',
      SequenceNumber: expect.stringMatching(/^\d+$/),
      ApproximateReceiveCount: '1',
    });
  });

  it('holds a second batch of a group until the first is settled, even when SQS releases the group early', async () => {
    const { main } = await createTestQueues(local.client, { fifo: true, visibilityTimeout: 5 });
    await sendBodies(local.client, main.url, ['a1'], () => ({ MessageGroupId: 'a' }));
    const concurrency = groupConcurrency();
    let redelivered: () => void = () => undefined;
    const secondReceive = new Promise<void>((resolve) => {
      redelivered = resolve;
    });
    const { mapping, seen } = recordedMapping(
      local.client,
      main.url,
      async (event, invocation) => {
        const leave = concurrency.enter(event);
        try {
          if (invocation === 1) {
            // Make SQS hand the message (and so the group) out again while we still hold it.
            await local.client.send(
              new ChangeMessageVisibilityCommand({
                QueueUrl: main.url,
                ReceiptHandle: event.Records[0]?.receiptHandle,
                VisibilityTimeout: 0,
              }),
            );
            await Promise.race([secondReceive, new Promise((resolve) => setTimeout(resolve, 3000))]);
            // Give an unguarded mapping the chance to start the second invocation now.
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          return {};
        } finally {
          leave();
        }
      },
      { function: { name: 'fifo', timeout: 5 } },
    );
    mapping.on('received', (records) => {
      if (records.some((r) => r.attributes.ApproximateReceiveCount === '2')) redelivered();
    });
    stopAfterTest(mapping);
    await mapping.start();
    await eventually(() =>
      mapping.stats.invocations >= 2 && mapping.stats.inFlight === 0 ? true : undefined,
    );
    expect(seen()).toEqual(['a1#1', 'a1#2']);
    expect(concurrency.max).toBe(1);
  });

  it('refuses a batching window on a FIFO queue, as Lambda does', async () => {
    const { main } = await createTestQueues(local.client, { fifo: true });
    const { mapping } = recordedMapping(local.client, main.url, async () => ({}), {
      maximumBatchingWindow: 1,
    });
    await expect(mapping.start()).rejects.toThrow(/not supported for FIFO/);
  });
});
