import { fileURLToPath } from 'node:url';
import type { Message } from '@aws-sdk/client-sqs';
import type { Task } from '../../src/core/registry.js';
import { createRuntime } from '../../src/handlers/runtime.js';
import { createWorkerHandler } from '../../src/handlers/worker-handler.js';
import type { LoadedHandler } from '../../src/local/lambda/handler-loader.js';
import { printService } from '../../src/service/print-service.js';
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
 * The worker as src/handlers/sqs-worker.ts builds it (createRuntime from the function's environment, the
 * same middy chain), except that the registry is the app's tasks plus `extraTasks` and log and metric
 * lines go to `sink` instead of stdout. Used as the tier's handlerOverride: the real module imports the
 * real registry, which has no task that fails retryably.
 */
function workerWithTasks(
  environment: Readonly<Record<string, string>>,
  extraTasks: Record<string, Task>,
  sink: (line: string) => void = () => undefined,
): LoadedHandler {
  const { config, ...ports } = createRuntime(environment, { sink, registry: appRegistryWith(extraTasks) });
  return createWorkerHandler({ ...config, ...ports }) as unknown as LoadedHandler;
}

const attribute = (message: Message | undefined, name: string) =>
  message?.MessageAttributes?.[name]?.StringValue;

export type { PrintedService };
export { attribute, REPO_ROOT, realService, realServiceWithReceiveLimit, workerWithTasks };
