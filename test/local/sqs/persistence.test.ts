import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedSqs, startEmbeddedSqs } from '../../../src/local/sqs/embedded-sqs.js';
import { createQueuePair } from '../../helpers/embedded-queues.js';
import { eventually } from '../../helpers/eventually.js';
import { receive, sendBodies } from '../../helpers/queue-io.js';

const running: { sqs: EmbeddedSqs; client: SQSClient }[] = [];

async function start(dataDir: string | undefined) {
  const sqs = await startEmbeddedSqs({ port: 0, dataDir });
  const handle = { sqs, client: sqs.createClient() };
  running.push(handle);
  return handle;
}

async function stop(handle: { sqs: EmbeddedSqs; client: SQSClient }) {
  running.splice(running.indexOf(handle), 1);
  handle.client.destroy();
  await handle.sqs.stop();
}

afterEach(async () => {
  for (const handle of [...running]) await stop(handle);
});

async function urlOf(client: SQSClient, name: string): Promise<string> {
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
  if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
  return QueueUrl;
}

async function depth(client: SQSClient, url: string) {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed),
    visibilityTimeout: Attributes.VisibilityTimeout,
  };
}

const nameOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const dataDir = () => mkdtempSync(join(tmpdir(), 'worker-tier-data-'));

describe('embedded SQS with a data folder', () => {
  it('restores queues, bodies, attributes, receive counts and the DLQ on another port after a clean stop', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const { main, dlq } = await createQueuePair(first.client, {
      prefix: 'keep',
      visibilityTimeout: 30,
      maxReceiveCount: 1,
    });
    await first.client.send(
      new SendMessageCommand({
        QueueUrl: main.url,
        MessageBody: '{"type":"test","n":1}',
        MessageAttributes: { trace: { DataType: 'String', StringValue: 't-1' } },
      }),
    );
    const [deleted, redriven] = await sendBodies(first.client, main.url, ['deleted', 'redriven', 'kept']);
    // Receive everything once (receive count 1), delete one, and make one visible again at once.
    const firstReceive = await receive(first.client, main.url, { max: 10 });
    const handleOf = (id: string | undefined) => firstReceive.find((m) => m.MessageId === id)?.ReceiptHandle;
    await first.client.send(
      new DeleteMessageCommand({ QueueUrl: main.url, ReceiptHandle: handleOf(deleted) }),
    );
    await first.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: main.url,
        ReceiptHandle: handleOf(redriven),
        VisibilityTimeout: 0,
      }),
    );
    // A second receive moves `redriven` to the DLQ (maxReceiveCount 1).
    expect(await receive(first.client, main.url, { max: 10 })).toEqual([]);
    expect((await depth(first.client, dlq.url)).visible).toBe(1);
    await stop(first);

    const second = await start(dir);
    expect(second.sqs.endpoint).not.toBe(first.sqs.endpoint);
    const mainUrl = await urlOf(second.client, nameOf(main.url));
    const dlqUrl = await urlOf(second.client, nameOf(dlq.url));
    expect(mainUrl).toContain(`:${second.sqs.port}/`);
    // The three received messages still in flight stay invisible until their 30 s timeout ends.
    expect(await depth(second.client, mainUrl)).toMatchObject({
      visible: 0,
      inFlight: 2,
      visibilityTimeout: '30',
    });
    const inDlq = await receive(second.client, dlqUrl, { max: 10 });
    expect(inDlq.map((m) => [m.MessageId, m.Body])).toEqual([[redriven, 'redriven']]);
    expect(inDlq[0]?.Attributes?.ApproximateReceiveCount).toBe('3');
  });

  it('brings a message in flight back after its visibility timeout, with its receive count', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const { main } = await createQueuePair(first.client, { prefix: 'flight', visibilityTimeout: 1 });
    const [id] = await sendBodies(first.client, main.url, ['in flight']);
    expect((await receive(first.client, main.url, { max: 1 })).map((m) => m.MessageId)).toEqual([id]);
    await stop(first);

    const second = await start(dir);
    const url = await urlOf(second.client, nameOf(main.url));
    const again = await receive(second.client, url, { waitSeconds: 3, max: 1 });
    expect(again.map((m) => [m.MessageId, m.Attributes?.ApproximateReceiveCount])).toEqual([[id, '2']]);
  });

  it('keeps FIFO order per group and remembers deduplication ids across a restart', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const { main } = await createQueuePair(first.client, {
      prefix: 'order',
      visibilityTimeout: 30,
      fifo: true,
    });
    const bodies = ['a-1', 'b-1', 'a-2', 'b-2', 'a-3'];
    const ids = await sendBodies(first.client, main.url, bodies, (body) => ({ MessageGroupId: body[0] }));
    await stop(first);

    const second = await start(dir);
    const url = await urlOf(second.client, nameOf(main.url));
    const again = await second.client.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'a-1', MessageGroupId: 'a' }),
    );
    expect(again.MessageId).toBe(ids[0]);
    const seen: string[] = [];
    for (let round = 0; round < 10 && seen.length < bodies.length; round += 1) {
      for (const message of await receive(second.client, url, { max: 10 })) {
        seen.push(message.Body ?? '');
        await second.client.send(
          new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }
    expect(seen.filter((b) => b.startsWith('a'))).toEqual(['a-1', 'a-2', 'a-3']);
    expect(seen.filter((b) => b.startsWith('b'))).toEqual(['b-1', 'b-2']);
  });

  it('keeps a delayed message delayed', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const { main } = await createQueuePair(first.client, { prefix: 'delay', visibilityTimeout: 30 });
    await first.client.send(
      new SendMessageCommand({ QueueUrl: main.url, MessageBody: 'later', DelaySeconds: 60 }),
    );
    await stop(first);
    const second = await start(dir);
    expect(await depth(second.client, await urlOf(second.client, nameOf(main.url)))).toMatchObject({
      visible: 0,
      delayed: 1,
    });
  });

  it('has acknowledged sends on disk before the reply, without a clean stop', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const { main } = await createQueuePair(first.client, { prefix: 'crash', visibilityTimeout: 30 });
    const ids = await sendBodies(
      first.client,
      main.url,
      Array.from({ length: 25 }, (_, i) => `m${i}`),
    );
    // Read the folder as a second process would after kill -9: the first server is still running.
    const second = await start(dir);
    const url = await urlOf(second.client, nameOf(main.url));
    const restored = [];
    for (let round = 0; round < 5; round += 1)
      restored.push(...(await receive(second.client, url, { max: 10 })));
    expect(restored.map((m) => m.MessageId).sort()).toEqual([...ids].sort());
  });

  it('writes deletes to disk soon, with no later send, so a crash after a drain redelivers nothing', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const { main } = await createQueuePair(first.client, { prefix: 'drained', visibilityTimeout: 30 });
    await sendBodies(first.client, main.url, ['a', 'b', 'c']);
    for (const message of await receive(first.client, main.url, { max: 10 })) {
      await first.client.send(
        new DeleteMessageCommand({ QueueUrl: main.url, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    // No clean stop and nothing after the deletes that would force a sync: only the lazy flush writes them.
    const journal = join(dir, 'sqs-journal.ndjson');
    await eventually(
      () => (readFileSync(journal, 'utf8').match(/"op":"del"/g)?.length === 3 ? true : undefined),
      {
        timeoutMs: 10_000,
      },
    );
    const second = await start(dir);
    const url = await urlOf(second.client, nameOf(main.url));
    expect(await depth(second.client, url)).toEqual(expect.objectContaining({ visible: 0, inFlight: 0 }));
  });

  it('refuses a journal with a corrupt line in the middle, naming the file and line', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await createQueuePair(first.client, { prefix: 'corrupt', visibilityTimeout: 30 });
    await stop(first);
    const journal = join(dir, 'sqs-journal.ndjson');
    writeFileSync(journal, `not json\n${readFileSync(journal, 'utf8')}`);
    await expect(startEmbeddedSqs({ port: 0, dataDir: dir })).rejects.toThrow(
      /sqs-journal\.ndjson:1: .*corrupt/,
    );
  });

  it('keeps nothing without a data folder', async () => {
    const first = await start(undefined);
    const { main } = await createQueuePair(first.client, { prefix: 'memory', visibilityTimeout: 30 });
    await sendBodies(first.client, main.url, ['gone']);
    expect(first.sqs.dataDir).toBeUndefined();
    await stop(first);
    const second = await start(undefined);
    await expect(urlOf(second.client, nameOf(main.url))).rejects.toThrow();
  });
});
