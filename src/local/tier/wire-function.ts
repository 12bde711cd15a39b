import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import type { ServiceFunction } from '../../service/service-model.js';
import { type Clock, createSystemClock } from '../clock.js';
import { ScheduleRunner } from '../eventbridge/schedule-runner.js';
import type { LocalSchedule } from '../eventbridge/schedule-types.js';
import { AsyncInvoker } from '../lambda/async-invoke.js';
import { EventSourceMapping } from '../lambda/event-source-mapping.js';
import { importHandler, type LoadedHandler, loadWithEnvironment } from '../lambda/handler-loader.js';
import type { LocalLogger } from '../logger.js';
import { createLocalSqsClient } from '../sqs/embedded-sqs.js';
import type { HandlerOverride, TierMapping, TierQueue, TierSchedules } from './tier-types.js';

type FunctionWiring = {
  root: string;
  /** The tier's shared client (on-failure destination sends). */
  client: SQSClient;
  endpoint: string;
  region: string;
  accountId: string;
  baseline: Readonly<Record<string, string | undefined>>;
  environmentOf: (fn: ServiceFunction) => Record<string, string>;
  queueOf: (arn: unknown) => TierQueue;
  handlerOverride?: HandlerOverride;
  waitTimeSeconds?: number;
  clock?: Clock;
  logger: LocalLogger;
  /** Queues whose sqs events are served by sqsd instead (their mappings are not started). */
  skipQueues: ReadonlySet<string>;
  schedules: boolean;
  /** Sign the mappings' requests; see LocalTierOptions.sign. */
  sign: boolean;
};

/** What one function contributes to the running tier. */
type WiredFunction = {
  mappings: TierMapping[];
  schedules?: TierSchedules;
  invoker?: AsyncInvoker;
  /** Clients the mappings own, destroyed at stop. */
  clients: SQSClient[];
  /** What this function configures that is not emulated (disabled events, filter patterns, ...). */
  notes: string[];
};

/** Lambda scales an unlimited mapping from 5 concurrent batches; that is the local default. */
const DEFAULT_CONCURRENCY = 5;

async function loadHandler(fn: ServiceFunction, wiring: FunctionWiring): Promise<LoadedHandler> {
  const environment = wiring.environmentOf(fn);
  return loadWithEnvironment(environment, wiring.baseline, async () => {
    const info = { key: fn.key, name: fn.name, handler: fn.handler, environment };
    return (await wiring.handlerOverride?.(info)) ?? importHandler(wiring.root, fn.handler);
  });
}

/** The schedules the runner can fire, and a note for each one it cannot. */
function toLocalSchedules(fn: ServiceFunction): { schedules: LocalSchedule[]; notes: string[] } {
  const schedules: LocalSchedule[] = [];
  const notes: string[] = [];
  for (const schedule of fn.schedules) {
    if (schedule.unsupported !== undefined) {
      notes.push(`${fn.key} schedule ${schedule.name}: ${schedule.unsupported} is not emulated; not fired`);
      continue;
    }
    schedules.push({
      name: schedule.name,
      expression: schedule.expression,
      method: schedule.method,
      enabled: schedule.enabled,
      timezone: schedule.timezone,
      group: schedule.group,
      input: schedule.input,
    });
  }
  return { schedules, notes };
}

/**
 * Load one function's handler under its environment and build its triggers: an event source mapping per
 * enabled sqs event, and one schedule runner (through Lambda's async retry/destination semantics) for
 * its schedules. Nothing is started here.
 */
async function wireFunction(fn: ServiceFunction, wiring: FunctionWiring): Promise<WiredFunction> {
  const notes = fn.sqs
    .filter((event) => !event.enabled)
    .map(() => `${fn.key}: a disabled sqs event is not polled`);
  const sqsEvents = fn.sqs.filter(
    (event) => event.enabled && !wiring.skipQueues.has(wiring.queueOf(event.arn).logicalId),
  );
  const local = wiring.schedules ? toLocalSchedules(fn) : { schedules: [], notes: [] };
  const schedules = local.schedules;
  notes.push(...local.notes);
  if (sqsEvents.length === 0 && schedules.length === 0) return { mappings: [], clients: [], notes };
  const handler = await loadHandler(fn, wiring);
  const config = { name: fn.name, timeout: fn.timeout, memorySize: fn.memorySize };
  const clients: SQSClient[] = [];
  const mappings = sqsEvents.map((event): TierMapping => {
    const queue = wiring.queueOf(event.arn);
    if (event.hasFilterPatterns) {
      notes.push(`${fn.key} <- ${queue.logicalId}: filterPatterns not emulated; every message is delivered`);
    }
    const concurrency = Math.max(2, event.maximumConcurrency ?? DEFAULT_CONCURRENCY);
    // Its own connection pool: every poller may sit in a long poll while others delete.
    const client = createLocalSqsClient({
      endpoint: wiring.endpoint,
      region: wiring.region,
      maxSockets: concurrency * 2 + 4,
      unsigned: !wiring.sign,
    });
    clients.push(client);
    const mapping = new EventSourceMapping({
      client,
      queueUrl: queue.url,
      handler: handler as (event: SQSEvent, context: Context) => Promise<unknown>,
      function: config,
      batchSize: event.batchSize,
      maximumBatchingWindow: event.maximumBatchingWindow,
      maximumConcurrency: concurrency,
      reportBatchItemFailures: event.reportBatchItemFailures,
      waitTimeSeconds: wiring.waitTimeSeconds,
      logger: wiring.logger,
    });
    return { functionKey: fn.key, functionName: fn.name, queue: queue.logicalId, mapping };
  });
  if (schedules.length === 0) return { mappings, clients, notes };
  const onFailure = fn.onFailureQueue === undefined ? undefined : wiring.queueOf(fn.onFailureQueue);
  const invoker = new AsyncInvoker({
    handler: handler as (event: unknown, context: Context) => Promise<unknown>,
    function: config,
    location: { region: wiring.region, accountId: wiring.accountId },
    maximumRetryAttempts: fn.maximumRetryAttempts,
    onFailure: onFailure === undefined ? undefined : { client: wiring.client, queueUrl: onFailure.url },
    clock: wiring.clock ?? createSystemClock(),
    logger: wiring.logger,
  });
  const runner = new ScheduleRunner({
    schedules,
    invoke: (payload) => invoker.invoke(payload),
    region: wiring.region,
    accountId: wiring.accountId,
    logger: wiring.logger,
    clock: wiring.clock,
  });
  return { mappings, schedules: { functionKey: fn.key, runner }, invoker, clients, notes };
}

export type { FunctionWiring, WiredFunction };
export { wireFunction };
