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
 * A new, empty fauxqs store. Its class is not exported by the package, so it is loaded by file from
 * the installed package (an absolute URL is not subject to the package's `exports` map).
 */
async function createFauxqsStore(): Promise<FauxqsStore> {
  const entry = import.meta.resolve('fauxqs');
  const module = (await import(new URL('./sqs/sqsStore.js', entry).href)) as {
    SqsStore: new () => FauxqsStore;
  };
  return new module.SqsStore();
}

export type { FauxqsQueue, FauxqsStore, InflightEntry };
export { createFauxqsStore };
