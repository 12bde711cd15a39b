import type { JournaledMessage } from './sqs-journal.js';

/**
 * The parts of fauxqs' in-memory SQS store that persistence reads and wraps. fauxqs exports only
 * `buildApp`, which accepts a store of ours (`stores.sqsStore`); its classes are typed here from
 * `fauxqs/dist/sqs/sqsStore.d.ts` (1.x), and a test pins that they still behave this way.
 */
type InflightEntry = { message: JournaledMessage; receiptHandle: string; visibilityDeadline: number };

type FauxqsQueue = {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  attributes: Record<string, string>;
  tags: Map<string, string>;
  inflightMessages: Map<string, InflightEntry>;
  fifoLockedGroups: Map<string, number>;
  sequenceCounter: number;
  isFifo(): boolean;
  getAttribute(name: string): string | undefined;
  getAllAttributes(requested: string[]): Record<string, string>;
  /** Returns expired in-flight messages and due delayed ones to the visible messages. */
  processTimers(): void;
  enqueue(message: JournaledMessage): void;
  dequeue(maxCount: number, visibilityTimeout?: number, dlqResolver?: unknown): { ReceiptHandle: string }[];
  deleteMessage(receiptHandle: string): boolean;
  changeVisibility(receiptHandle: string, timeoutSeconds: number): void;
  purge(): void;
  setAttributes(attributes: Record<string, string>): void;
  recordDeduplication(dedupId: string, messageId: string, sequenceNumber?: string): void;
  inspectMessages(): { ready: JournaledMessage[]; delayed: JournaledMessage[]; inflight: InflightEntry[] };
};

type FauxqsStore = {
  host: string;
  createQueue(
    name: string,
    url: string,
    arn: string,
    attributes?: Record<string, string>,
    tags?: Record<string, string>,
  ): FauxqsQueue;
  deleteQueue(url: string): boolean;
  getQueue(url: string): FauxqsQueue | undefined;
  listQueues(): FauxqsQueue[];
  buildQueueUrl(name: string, port: string, requestHost: string, region: string): string;
};

/**
 * A new, empty fauxqs store whose queues report their true state. fauxqs returns an expired in-flight
 * message (or a due delayed one) to the visible messages only when someone receives from that queue, so
 * a DLQ that was peeked would report it "in flight" for ever; here every GetQueueAttributes first
 * processes the queue's timers. See docs/local-tier.md#what-you-see.
 *
 * The class is not exported by the package, so it is loaded by file from the installed package (an
 * absolute URL is not subject to the package's `exports` map).
 */
async function createFauxqsStore(): Promise<FauxqsStore> {
  const entry = import.meta.resolve('fauxqs');
  const module = (await import(new URL('./sqs/sqsStore.js', entry).href)) as {
    SqsStore: new () => FauxqsStore;
  };
  const store = new module.SqsStore();
  const createQueue = store.createQueue.bind(store);
  store.createQueue = (name, url, arn, attributes, tags) => {
    const queue = createQueue(name, url, arn, attributes, tags);
    const getAllAttributes = queue.getAllAttributes.bind(queue);
    queue.getAllAttributes = (requested) => {
      queue.processTimers();
      return getAllAttributes(requested);
    };
    return queue;
  };
  return store;
}

export type { FauxqsQueue, FauxqsStore, InflightEntry };
export { createFauxqsStore };
