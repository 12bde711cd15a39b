import * as sdk from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SqsProvider } from '../../src/aws/sqs-client.js';
import type { WorkerBatchDeps } from '../../src/handlers/worker-batch.js';
import { createWorkerHandler } from '../../src/handlers/worker-handler.js';
import { captureLogger } from './capture-logger.js';
import { lambdaContextFactory } from './factories.js';
import { appRegistryWith } from './registries.js';

/** An SQS provider for tests that must not touch SQS: any use fails the test loudly. */
const noSqs: SqsProvider = async () => {
  throw new Error('this test does not expect an SQS call');
};

type SentCommand = { name: string; input: Record<string, unknown> };
/** The second argument of `client.send`: the worker passes the invocation's deadline as `abortSignal`. */
type SendOptions = { abortSignal?: AbortSignal };

/**
 * The real SDK command classes with a client whose `send` is `respond`; every command is recorded as
 * `{name, input}` so tests can assert exactly what would have gone over the wire.
 */
const fakeSqs = (
  respond: (command: SentCommand, options: SendOptions) => Promise<unknown> = async () => ({}),
) => {
  const sent: SentCommand[] = [];
  const client = {
    send: async (
      command: { constructor: { name: string }; input: Record<string, unknown> },
      options: SendOptions = {},
    ) => {
      const entry = { name: command.constructor.name, input: command.input };
      sent.push(entry);
      return respond(entry, options);
    },
  } as unknown as sdk.SQSClient;
  const provider: SqsProvider = async () => ({ sdk, client });
  return { provider, sent };
};

/** Worker deps with safe defaults: the app's tasks, a capturing logger, no SQS, no DLQ. */
const workerDeps = (overrides: Partial<WorkerBatchDeps> = {}) => {
  const capture = captureLogger();
  const metrics: Array<Record<string, unknown>> = [];
  const deps: WorkerBatchDeps = {
    registry: appRegistryWith(),
    log: capture.log,
    emitMetrics: (line) => metrics.push(JSON.parse(line) as Record<string, unknown>),
    sqs: noSqs,
    concurrency: 10,
    stopMarginMs: 2000,
    service: 'worker-tier-test',
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
  return { deps, capture, metrics };
};

/**
 * The worker's middy chain (createWorkerHandler, as src/handlers/sqs-worker.ts uses it) with injected deps:
 * sqs-worker.ts builds its deps from process.env at import, so tests that need other deps build it here.
 */
const asWorkerHandler = (deps: WorkerBatchDeps) => {
  const handler = createWorkerHandler(deps);
  return (event: SQSEvent, context: Context = lambdaContextFactory()) =>
    handler(event, context) as Promise<SQSBatchResponse>;
};

/** `batchItemFailures` as a plain list of message ids, for readable assertions. */
const failedIds = (response: SQSBatchResponse): string[] =>
  response.batchItemFailures.map((failure) => failure.itemIdentifier);

export type { SendOptions, SentCommand };
export { asWorkerHandler, failedIds, fakeSqs, noSqs, workerDeps };
