import * as sdk from '@aws-sdk/client-sqs';
import type { SqsProvider } from '../../src/aws/sqs-client.js';
import { startEmbeddedSqs } from '../../src/local/sqs/embedded-sqs.js';
import { queueDepth } from './queue-depth.js';
import { receive as receiveOnce, uniqueName } from './queue-io.js';

type LocalQueue = { name: string; url: string; arn: string };

/**
 * fauxqs bound to loopback on a free port (`startEmbeddedSqs({ port: 0 })`). fauxqs issues queue URLs as
 * `http://sqs.<region>.localhost:<port>/<account>/<name>` and finds a queue only by that exact URL string;
 * `queueUrlBase` is that prefix.
 *
 * The SDK client comes from `createClient()`: region and dummy credentials in its config (never
 * process.env), so it never walks the default credential chain.
 */
const startLocalSqs = async () => {
  const embedded = await startEmbeddedSqs({ port: 0 });
  const { endpoint, port } = embedded;
  const client = embedded.createClient();
  // Same shape as lazySqs(): the worker code receives the SDK module and one client.
  const sqs: SqsProvider = async () => ({ sdk, client });

  const createQueue = async (
    prefix: string,
    attributes: Record<string, string> = {},
  ): Promise<LocalQueue> => {
    const fifo = attributes.FifoQueue === 'true';
    const name = uniqueName(prefix, fifo);
    const { QueueUrl } = await client.send(
      new sdk.CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    const { Attributes } = await client.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    if (!QueueUrl || !Attributes?.QueueArn) throw new Error(`queue ${name} not created`);
    return { name, url: QueueUrl, arn: Attributes.QueueArn };
  };

  /** Receives until `count` messages arrived, long-polling up to `polls` times (bounded: never hangs). */
  const receive = async (
    queueUrl: string,
    count: number,
    options: { waitSeconds?: number; polls?: number } = {},
  ) => {
    const messages: sdk.Message[] = [];
    for (let poll = 0; poll < (options.polls ?? 5) && messages.length < count; poll++) {
      const max = Math.min(10, count - messages.length);
      messages.push(...(await receiveOnce(client, queueUrl, { waitSeconds: options.waitSeconds ?? 1, max })));
    }
    return messages;
  };

  /** Visible + in flight + delayed: everything the queue still holds. */
  const depth = (queueUrl: string): Promise<number> => queueDepth(client, queueUrl);

  const stop = async () => {
    client.destroy();
    await embedded.stop();
  };

  // The prefix of every queue URL fauxqs issues (region us-east-1, its default host name `localhost`).
  const queueUrlBase = `http://sqs.us-east-1.localhost:${port}`;

  return { endpoint, queueUrlBase, client, sqs, createQueue, receive, depth, stop };
};

type LocalSqs = Awaited<ReturnType<typeof startLocalSqs>>;

export type { LocalQueue, LocalSqs };
export { startLocalSqs };
