import { fileURLToPath } from 'node:url';
import {
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createDeadLetterSender } from '../../src/aws/dead-letter.js';
import { lazySqs } from '../../src/aws/sqs-client.js';
import { readWorkerConfig } from '../../src/config.js';
import { chunk } from '../../src/core/chunk.js';
import { createLogger } from '../../src/core/logger.js';
import type { Task } from '../../src/core/registry.js';
import { createWorkerHandler } from '../../src/handlers/worker-handler.js';
import type { LoadedHandler } from '../../src/local/lambda/handler-loader.js';
import { printService } from '../../src/service/print-service.js';
import { queueDepth as depth } from './queue-depth.js';
import { appRegistryWith } from './registries.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The parts of a printed service the tests adjust. */
type PrintedService = {
  provider: Record<string, unknown>;
  functions: Record<string, { environment?: Record<string, unknown>; events?: unknown[] }>;
  resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
};

let printed: unknown;
/** The real serverless.yml through `serverless print` (once per file; a fresh copy per call). */
function realService(): PrintedService {
  printed ??= printService(REPO_ROOT);
  return structuredClone(printed) as PrintedService;
}

/** The real service with WorkQueue's maxReceiveCount lowered so redrive happens within a test. */
function realServiceWithReceiveLimit(maxReceiveCount: number): PrintedService {
  const service = realService();
  const queue = service.resources.Resources.WorkQueue;
  if (queue === undefined) throw new Error('serverless.yml has no WorkQueue');
  queue.Properties.RedrivePolicy = { ...(queue.Properties.RedrivePolicy as object), maxReceiveCount };
  return service;
}

/**
 * The worker exactly as src/handlers/sqs-worker.ts wires it (config from the function's environment,
 * lazy SQS client, DLQ port, same middy chain), except that the registry is the app's tasks plus
 * `extraTasks` and logs go to `sink` instead of stdout. Used as the tier's handlerOverride: the real
 * module imports the real registry, which has no task that fails retryably.
 */
function workerWithTasks(
  environment: Readonly<Record<string, string>>,
  extraTasks: Record<string, Task>,
  sink: (line: string) => void = () => undefined,
): LoadedHandler {
  const config = readWorkerConfig(environment);
  const sqs = lazySqs({ endpoint: config.sqsEndpoint });
  const log = createLogger({ sink, level: config.logLevel });
  const deadLetter = config.deadLetterQueueUrl
    ? createDeadLetterSender({ queueUrl: config.deadLetterQueueUrl, sqs })
    : undefined;
  return createWorkerHandler({
    ...config,
    registry: appRegistryWith(extraTasks),
    log,
    sqs,
    deadLetter,
    emitMetrics: () => undefined,
  }) as unknown as LoadedHandler;
}

/** Poll `check` until it returns something other than undefined; bounded, so a stuck tier fails the test. */
async function eventually<T>(check: () => Promise<T | undefined>, attempts = 400, everyMs = 100): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`condition not met after ${attempts} checks`);
}

/** Receive (and leave in flight) every visible message; stops after an empty receive. */
async function drain(client: SQSClient, queueUrl: string, limit = 5000): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < limit) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 600,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    messages.push(...Messages);
  }
  return messages;
}

/** SendMessageBatch in order, 10 per call; returns MessageIds in `entries` order. */
async function sendAll(
  client: SQSClient,
  queueUrl: string,
  entries: Omit<SendMessageBatchRequestEntry, 'Id'>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const part of chunk(entries)) {
    const batch = part.map((entry, index) => ({ ...entry, Id: `e${index}` }));
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch }));
    if ((result.Failed ?? []).length > 0) throw new Error(`send failed: ${JSON.stringify(result.Failed)}`);
    for (const entry of batch) {
      const id = result.Successful?.find((ok) => ok.Id === entry.Id)?.MessageId;
      if (id === undefined) throw new Error(`no MessageId for ${entry.Id}`);
      ids.push(id);
    }
  }
  return ids;
}

const attribute = (message: Message | undefined, name: string) =>
  message?.MessageAttributes?.[name]?.StringValue;

export type { PrintedService };
export {
  attribute,
  depth,
  drain,
  eventually,
  REPO_ROOT,
  realService,
  realServiceWithReceiveLimit,
  sendAll,
  workerWithTasks,
};
