import {
  type Message,
  type MessageAttributeValue,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach } from 'vitest';
import { type RunningSqsd, type SqsdOptions, startSqsd } from '../../src/local/sqsd/index.js';
import { recordingLogger } from './capture-logger.js';
import { createQueuePair, useEmbeddedSqs } from './embedded-queues.js';
import { queueDepth } from './queue-depth.js';
import { receive } from './queue-io.js';
import { type RecordingApp, type Responder, startRecordingApp } from './recording-app.js';

type QueueSpec = { fifo?: boolean; visibilityTimeout?: number; maxReceiveCount?: number };

/**
 * One fauxqs per test file, on a random loopback port. Daemons and apps made with `sqsd()` / `app()`
 * are stopped (without drain) and closed after each test.
 */
function useSqsdHarness() {
  const local = useEmbeddedSqs();
  const daemons: RunningSqsd[] = [];
  const apps: RecordingApp[] = [];
  afterEach(async () => {
    for (const daemon of daemons.splice(0)) await daemon.stop({ drain: false });
    for (const app of apps.splice(0)) await app.close();
  });
  const client = (): SQSClient => local.client;

  /** A queue (and a DLQ when maxReceiveCount is given). */
  const queue = async (spec: QueueSpec = {}) => {
    const { main, dlq } = await createQueuePair(client(), {
      prefix: 'sqsd',
      ...spec,
      visibilityTimeout: spec.visibilityTimeout ?? 30,
    });
    return { url: main.url, name: main.name, dlqUrl: dlq.url };
  };

  const send = async (
    queueUrl: string,
    body: string,
    attributes: Record<string, MessageAttributeValue> = {},
    extra: { MessageGroupId?: string } = {},
  ): Promise<string> => {
    const { MessageId } = await client().send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageAttributes: attributes,
        ...extra,
      }),
    );
    if (MessageId === undefined) throw new Error('SendMessage returned no MessageId');
    return MessageId;
  };

  /** Visible + in flight + delayed. */
  const depth = (queueUrl: string): Promise<number> => queueDepth(client(), queueUrl);

  /** Take everything on the queue now, with its message attributes (bounded: stops after 5 empty polls). */
  const drainQueue = async (queueUrl: string): Promise<Message[]> => {
    const all: Message[] = [];
    for (let empty = 0; empty < 5; ) {
      const messages = await receive(client(), queueUrl);
      if (messages.length === 0) empty++;
      all.push(...messages);
    }
    return all;
  };

  const app = async (respond?: Responder) => {
    const started = await startRecordingApp(respond);
    apps.push(started);
    return started;
  };

  /** Start sqsd with a recording logger; stopped after the test unless `keep` (then the caller stops it). */
  const sqsd = async (options: Omit<SqsdOptions, 'client'>, keep = false) => {
    const logger = recordingLogger();
    const daemon = await startSqsd({ client: client(), logger, ...options });
    if (!keep) daemons.push(daemon);
    return Object.assign(daemon, { logger });
  };

  return { client, queue, send, depth, drainQueue, app, sqsd };
}

export { useSqsdHarness };
