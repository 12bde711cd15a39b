import type { SQSClient } from '@aws-sdk/client-sqs';
import * as sdk from '@aws-sdk/client-sqs';
import { afterAll, beforeAll } from 'vitest';
import type { SqsProvider } from '../../src/aws/sqs-client.js';
import { type EmbeddedSqs, startEmbeddedSqs } from '../../src/local/sqs/embedded-sqs.js';
import { type CreatedQueue, createQueues } from '../../src/local/sqs/queue-setup.js';
import { uniqueName } from './queue-io.js';

/** The emulator of one test file and its client; reading either outside a test throws. */
type EmbeddedSqsForFile = { readonly sqs: EmbeddedSqs; readonly client: SQSClient };

/**
 * One fauxqs per test file on a random loopback port (`startEmbeddedSqs({ port: 0 })`) with one client,
 * started before the file's tests; the client is destroyed and the emulator stopped after them.
 */
function useEmbeddedSqs(): EmbeddedSqsForFile {
  let sqs: EmbeddedSqs | undefined;
  let client: SQSClient | undefined;
  beforeAll(async () => {
    sqs = await startEmbeddedSqs({ port: 0 });
    client = sqs.createClient();
  });
  afterAll(async () => {
    client?.destroy();
    await sqs?.stop();
  });
  return {
    get sqs() {
      if (sqs === undefined) throw new Error('embedded SQS used outside a test');
      return sqs;
    },
    get client() {
      if (client === undefined) throw new Error('embedded SQS client used outside a test');
      return client;
    },
  };
}

type QueuePairSpec = {
  /** Queue names are `<prefix>-<random>` and `<prefix>-dlq-<random>` (plus `.fifo`). */
  prefix: string;
  visibilityTimeout: number;
  /** FIFO main queue and DLQ, with content-based deduplication on the main queue. @defaultValue false */
  fifo?: boolean;
  /** When given, the main queue redrives to the DLQ after this many receives; otherwise no RedrivePolicy. */
  maxReceiveCount?: number;
};
type QueuePair = { main: CreatedQueue; dlq: CreatedQueue };

/** A main queue and a dead-letter queue of the same type, through `createQueues`. */
async function createQueuePair(client: SQSClient, spec: QueuePairSpec): Promise<QueuePair> {
  const fifo = spec.fifo ?? false;
  const queues = await createQueues(client, [
    {
      logicalId: 'Main',
      name: uniqueName(spec.prefix, fifo),
      fifo,
      attributes: {
        VisibilityTimeout: spec.visibilityTimeout,
        ...(fifo ? { ContentBasedDeduplication: true } : {}),
        ...(spec.maxReceiveCount === undefined
          ? {}
          : { RedrivePolicy: { deadLetterTargetLogicalId: 'Dlq', maxReceiveCount: spec.maxReceiveCount } }),
      },
    },
    { logicalId: 'Dlq', name: uniqueName(`${spec.prefix}-dlq`, fifo), fifo },
  ]);
  const main = queues.get('Main');
  const dlq = queues.get('Dlq');
  if (main === undefined || dlq === undefined) throw new Error('queue pair not created');
  return { main, dlq };
}

export type { EmbeddedSqsForFile, QueuePair, QueuePairSpec };

/** `client` in the shape lazySqs() gives the worker: the SDK module and one client. */
function sqsProvider(client: SQSClient): SqsProvider {
  return async () => ({ sdk, client });
}

export { createQueuePair, sqsProvider, useEmbeddedSqs };
