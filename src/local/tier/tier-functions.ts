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
  notes: string[];
  /** Queues whose sqs events are served by sqsd instead (their mappings are not started). */
  skipQueues: ReadonlySet<string>;
  schedules: boolean;
};

/** What one function contributes to the running tier. */
type WiredFunction = {
  mappings: TierMapping[];
  schedules?: TierSchedules;
  invoker?: AsyncInvoker;
  /** Clients the mappings own, destroyed at stop. */
  clients: SQSClient[];
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

function toLocalSchedules(fn: ServiceFunction, notes: string[]): LocalSchedule[] {
  return fn.schedules.flatMap((schedule) => {
    if (schedule.unsupported !== undefined) {
      notes.push(`${fn.key} schedule ${schedule.name}: ${schedule.unsupported} is not emulated; not fired`);
      return [];
    }
    return [
      {
        name: schedule.name,
        expression: schedule.expression,
        method: schedule.method,
        enabled: schedule.enabled,
        ...(schedule.timezone === undefined ? {} : { timezone: schedule.timezone }),
        ...(schedule.group === undefined ? {} : { group: schedule.group }),
        ...(schedule.input === undefined ? {} : { input: schedule.input }),
      },
    ];
  });
}

/**
 * Load one function's handler under its environment and build its triggers: an event source mapping per
 * enabled sqs event, and one schedule runner (through Lambda's async retry/destination semantics) for
 * its schedules. Nothing is started here.
 */
async function wireFunction(fn: ServiceFunction, wiring: FunctionWiring): Promise<WiredFunction> {
  const sqsEvents = fn.sqs.filter((event) => {
    if (!event.enabled) wiring.notes.push(`${fn.key}: a disabled sqs event is not polled`);
    return event.enabled && !wiring.skipQueues.has(wiring.queueOf(event.arn).logicalId);
  });
  const schedules = wiring.schedules ? toLocalSchedules(fn, wiring.notes) : [];
  if (sqsEvents.length === 0 && schedules.length === 0) return { mappings: [], clients: [] };
  const handler = await loadHandler(fn, wiring);
  const config = { name: fn.name, timeout: fn.timeout, memorySize: fn.memorySize };
  const clients: SQSClient[] = [];
  const mappings = sqsEvents.map((event): TierMapping => {
    const queue = wiring.queueOf(event.arn);
    if (event.hasFilterPatterns) {
      wiring.notes.push(
        `${fn.key} <- ${queue.logicalId}: filterPatterns not emulated; every message is delivered`,
      );
    }
    const concurrency = Math.max(2, event.maximumConcurrency ?? DEFAULT_CONCURRENCY);
    // Its own connection pool: every poller may sit in a long poll while others delete.
    const client = createLocalSqsClient({
      endpoint: wiring.endpoint,
      region: wiring.region,
      maxSockets: concurrency * 2 + 4,
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
      ...(wiring.waitTimeSeconds === undefined ? {} : { waitTimeSeconds: wiring.waitTimeSeconds }),
      logger: wiring.logger,
    });
    return { functionKey: fn.key, functionName: fn.name, queue: queue.logicalId, mapping };
  });
  if (schedules.length === 0) return { mappings, clients };
  const onFailure = fn.onFailureQueue === undefined ? undefined : wiring.queueOf(fn.onFailureQueue);
  const invoker = new AsyncInvoker({
    handler: handler as (event: unknown, context: Context) => Promise<unknown>,
    function: config,
    location: { region: wiring.region, accountId: wiring.accountId },
    maximumRetryAttempts: fn.maximumRetryAttempts,
    ...(onFailure === undefined ? {} : { onFailure: { client: wiring.client, queueUrl: onFailure.url } }),
    clock: wiring.clock ?? createSystemClock(),
    logger: wiring.logger,
  });
  const runner = new ScheduleRunner({
    schedules,
    invoke: (payload) => invoker.invoke(payload),
    region: wiring.region,
    accountId: wiring.accountId,
    logger: wiring.logger,
    ...(wiring.clock === undefined ? {} : { clock: wiring.clock }),
  });
  return { mappings, schedules: { functionKey: fn.key, runner }, invoker, clients };
}

export type { FunctionWiring, WiredFunction };
export { wireFunction };
