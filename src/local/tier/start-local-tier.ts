import { ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { resolveEnvironment, resolveIntrinsics } from '../../service/intrinsics.js';
import { printService } from '../../service/print-service.js';
import { type LocalService, readLocalService, type ServiceFunction } from '../../service/service-model.js';
import type { AsyncInvoker } from '../lambda/async-invoke.js';
import { captureEnvironment } from '../lambda/handler-loader.js';
import { registerInvokeApi } from '../lambda/invoke-api.js';
import { LocalTierError } from '../local-tier-error.js';
import { consoleLogger, type LocalLogger } from '../logger.js';
import { createLocalSqsClient, startEmbeddedSqs } from '../sqs/embedded-sqs.js';
import { localCredentialEnvironment } from '../sqs/local-credentials.js';
import { countLeft } from './count-left.js';
import { startSqsdMode } from './sqsd-mode.js';
import { intrinsicContext, setUpQueues } from './tier-queues.js';
import type { LocalTier, LocalTierOptions, StopSummary, TierQueue } from './tier-types.js';
import { type FunctionWiring, type WiredFunction, wireFunction } from './wire-function.js';

type Cleanup = () => Promise<void> | void;

/** The SQS endpoint the tier runs on, with a client for it. */
type TierSqs = { endpoint: string; client: SQSClient; external: boolean; dataDir?: string };

/** Runs cleanups newest first; one that throws is logged and the rest still run. */
async function runCleanups(cleanups: Cleanup[], logger: LocalLogger): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.error('Local tier cleanup step failed', { error });
    }
  }
}

/**
 * Starts fauxqs, or checks that something answers on `options.endpoint`; registers how to stop. The
 * embedded endpoint also serves Lambda's Invoke API for the functions in `invokers` (filled once wired).
 */
async function openSqs(
  options: LocalTierOptions,
  region: string,
  cleanups: Cleanup[],
  invokers: ReadonlyMap<string, AsyncInvoker>,
): Promise<TierSqs> {
  if (options.endpoint !== undefined) {
    const client = createLocalSqsClient({ endpoint: options.endpoint, region });
    cleanups.push(() => client.destroy());
    try {
      await client.send(new ListQueuesCommand({ MaxResults: 1 }));
    } catch (error) {
      throw new LocalTierError(
        `No SQS endpoint answers at ${options.endpoint} (--endpoint): ${(error as Error).message}`,
        { cause: error },
      );
    }
    return { endpoint: options.endpoint, client, external: true };
  }
  const embedded = await startEmbeddedSqs({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4566,
    region,
    dataDir: options.dataDir,
    routes: (app) => registerInvokeApi(app, (name) => invokers.get(name), options.logger ?? consoleLogger),
  });
  cleanups.push(() => embedded.stop());
  const client = createLocalSqsClient({ endpoint: embedded.endpoint, region });
  cleanups.push(() => client.destroy());
  return { endpoint: embedded.endpoint, client, external: false, dataDir: embedded.dataDir };
}

/** Finds a tier queue by logical id, name or URL, or by the (intrinsic) ARN an event names. */
function queueLookup(service: LocalService, queues: readonly TierQueue[], region: string) {
  const context = intrinsicContext(service, queues, region);
  function queue(key: string): TierQueue {
    const found = queues.find((q) => q.logicalId === key || q.name === key || q.url === key);
    if (found === undefined) throw new LocalTierError(`No queue "${key}" in service ${service.service}`);
    return found;
  }
  function queueOf(arn: unknown): TierQueue {
    const resolved = String(resolveIntrinsics(arn, context, 'sqs event arn'));
    const found = queues.find((q) => q.arn === resolved);
    if (found === undefined) {
      throw new LocalTierError(
        `sqs event arn ${resolved} is not one of the service's AWS::SQS::Queue resources`,
        { queue: resolved },
      );
    }
    return found;
  }
  return { context, queue, queueOf };
}

/** A function's environment as Lambda would set it, pointed at the local endpoint. */
function functionEnvironment(
  context: ReturnType<typeof queueLookup>['context'],
  endpoint: string,
  region: string,
  logLevel: string | undefined,
) {
  return (fn: ServiceFunction): Record<string, string> => {
    const environment: Record<string, string> = {
      ...resolveEnvironment(fn.environment, context, `functions.${fn.key}.environment`),
    };
    if (logLevel !== undefined) environment.LOG_LEVEL = logLevel;
    return {
      ...environment,
      AWS_ENDPOINT_URL_SQS: endpoint,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      ...localCredentialEnvironment(),
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    };
  };
}

/** Wires every function (nothing started yet); registers how to drain and stop what they built. */
async function wireFunctions(
  service: LocalService,
  wiring: FunctionWiring,
  cleanups: Cleanup[],
): Promise<WiredFunction[]> {
  const wired: WiredFunction[] = [];
  // Registered first so that functions wired before a failure are still stopped.
  cleanups.push(async () => {
    await Promise.all([
      ...wired.flatMap((w) => w.mappings.map((m) => m.mapping.stop({ drain: true }))),
      ...wired.flatMap((w) => (w.schedules === undefined ? [] : [w.schedules.runner.stop({ drain: true })])),
    ]);
    await Promise.all(wired.map((w) => w.invoker?.stop()));
    for (const w of wired) for (const c of w.clients) c.destroy();
  });
  for (const fn of service.functions) wired.push(await wireFunction(fn, wiring));
  return wired;
}

/**
 * Start the whole worker tier in this process: read the service (`serverless print`), start fauxqs (or use
 * `endpoint`), create the service's queues, and for each function apply its resolved environment, import
 * its handler and run its sqs event source mappings and schedules, as Lambda would. `npm start` is a thin
 * CLI over this; tests call it directly on a random port.
 *
 * @example
 * ```ts
 * const tier = await startLocalTier({ port: 0 });
 * // send to tier.queue('WorkQueue').url through tier.client ...
 * await tier.stop(); // drains in-flight invocations
 * ```
 */
async function startLocalTier(options: LocalTierOptions = {}): Promise<LocalTier> {
  const root = options.root ?? process.cwd();
  const logger = options.logger ?? consoleLogger;
  const printOptions = { stage: options.stage, region: options.region };
  const service = readLocalService(options.service ?? printService(root, printOptions));
  const region = options.region ?? service.region;
  const baseline = { ...process.env };
  const cleanups: Cleanup[] = [captureEnvironment()];
  try {
    // Functions invocable through the embedded endpoint (worker:run, worker:failed:retry; docs/operations.md).
    const invokers = new Map<string, AsyncInvoker>();
    const { endpoint, client, external, dataDir } = await openSqs(options, region, cleanups, invokers);
    const set = await setUpQueues(client, service, external);
    // Cleanups run newest first: this one runs after the drain below and before the client is destroyed.
    let left = { queued: 0, deadLettered: 0 };
    cleanups.push(async () => {
      left = await countLeft(client, set.queues);
    });
    const { context, queue, queueOf } = queueLookup(service, set.queues, region);
    const environmentOf = functionEnvironment(context, endpoint, region, options.logLevel);
    const started =
      options.sqsd === undefined
        ? undefined
        : await startSqsdMode({
            client,
            endpoint,
            service,
            queueOf,
            environmentOf,
            sqsd: options.sqsd,
            clock: options.clock,
            logger,
          });
    const sqsd = started?.sqsd;
    if (sqsd !== undefined) cleanups.push(() => sqsd.stop({ drain: true }));
    const wired = await wireFunctions(
      service,
      {
        root,
        client,
        endpoint,
        region,
        accountId: context.accountId,
        baseline,
        environmentOf,
        queueOf,
        handlerOverride: options.handlerOverride,
        waitTimeSeconds: options.waitTimeSeconds,
        clock: options.clock,
        logger,
        // sqsd mode: sqsd serves the worker queue and cron.yaml replaces the schedules, as on EB.
        skipQueues: new Set(sqsd === undefined ? [] : [sqsd.queue]),
        schedules: (options.schedules ?? true) && sqsd === undefined,
        sign: options.sign ?? external,
      },
      cleanups,
    );
    service.functions.forEach((fn, index) => {
      const invoker = wired[index]?.invoker;
      if (invoker !== undefined) invokers.set(fn.name, invoker);
    });
    const mappings = wired.flatMap((w) => w.mappings);
    const schedules = wired.flatMap((w) => (w.schedules === undefined ? [] : [w.schedules]));
    for (const { mapping } of mappings) await mapping.start();
    for (const { runner } of schedules) runner.start();

    let stopping: Promise<StopSummary> | undefined;
    return {
      endpoint,
      region,
      accountId: context.accountId,
      service,
      queues: set.queues,
      mappings,
      schedules,
      sqsd,
      notes: [...set.notes, ...(started?.notes ?? []), ...wired.flatMap((w) => w.notes)],
      client,
      queue,
      dataDir,
      stop() {
        stopping ??= runCleanups(cleanups, logger).then(() => ({
          inFlight: mappings.reduce((sum, { mapping }) => sum + mapping.stats.inFlight, 0),
          ...left,
          dataDir,
          external,
        }));
        return stopping;
      },
    };
  } catch (error) {
    await runCleanups(cleanups, logger);
    throw error;
  }
}

export { startLocalTier };
