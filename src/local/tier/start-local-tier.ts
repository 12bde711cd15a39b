import { ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { resolveEnvironment, resolveIntrinsics } from '../../service/intrinsics.js';
import { printService } from '../../service/print-service.js';
import { readLocalService, type ServiceFunction } from '../../service/service-model.js';
import { captureEnvironment } from '../lambda/handler-loader.js';
import { consoleLogger } from '../logger.js';
import { createLocalSqsClient, type EmbeddedSqs, startEmbeddedSqs } from '../sqs/embedded-sqs.js';
import { type SqsdHandle, startSqsdMode } from './sqsd-mode.js';
import { type WiredFunction, wireFunction } from './tier-functions.js';
import { intrinsicContext, setUpQueues } from './tier-queues.js';
import type { LocalTier, LocalTierOptions, TierQueue } from './tier-types.js';

/** The emulator ignores signatures; static values keep the SDK away from any real credentials. */
const DUMMY_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };

/** Fails with a useful message when nothing answers on an external endpoint. */
async function checkEndpoint(client: SQSClient, endpoint: string): Promise<void> {
  try {
    await client.send(new ListQueuesCommand({ MaxResults: 1 }));
  } catch (error) {
    throw new Error(`No SQS endpoint answers at ${endpoint} (--endpoint): ${(error as Error).message}`, {
      cause: error,
    });
  }
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
  const printOptions = {
    ...(options.stage === undefined ? {} : { stage: options.stage }),
    ...(options.region === undefined ? {} : { region: options.region }),
  };
  const service = readLocalService(options.service ?? printService(root, printOptions));
  const region = options.region ?? service.region;
  const restoreEnvironment = captureEnvironment();
  const baseline = { ...process.env };
  const cleanups: (() => Promise<void> | void)[] = [restoreEnvironment];
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error('Local tier cleanup step failed', { error });
      }
    }
  };
  try {
    let embedded: EmbeddedSqs | undefined;
    let endpoint = options.endpoint;
    if (endpoint === undefined) {
      embedded = await startEmbeddedSqs({
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 4566,
        region,
      });
      endpoint = embedded.endpoint;
      cleanups.push(() => embedded?.stop());
    }
    const client = createLocalSqsClient({ endpoint, region });
    cleanups.push(() => client.destroy());
    if (embedded === undefined) await checkEndpoint(client, endpoint);
    const { queues, notes } = await setUpQueues(client, service, embedded === undefined);
    const context = intrinsicContext(service, queues, region);
    const queue = (key: string): TierQueue => {
      const found = queues.find((q) => q.logicalId === key || q.name === key || q.url === key);
      if (found === undefined) throw new Error(`No queue "${key}" in service ${service.service}`);
      return found;
    };
    const queueOf = (arn: unknown): TierQueue => {
      const resolved = String(resolveIntrinsics(arn, context, 'sqs event arn'));
      const found = queues.find((q) => q.arn === resolved);
      if (found === undefined) {
        throw new Error(`sqs event arn ${resolved} is not one of the service's AWS::SQS::Queue resources`);
      }
      return found;
    };
    const environmentOf = (fn: ServiceFunction): Record<string, string> => ({
      ...resolveEnvironment(fn.environment, context, `functions.${fn.key}.environment`),
      ...(options.logLevel === undefined ? {} : { LOG_LEVEL: options.logLevel }),
      AWS_ENDPOINT_URL_SQS: endpoint,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      ...DUMMY_CREDENTIALS,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    });

    let sqsd: SqsdHandle | undefined;
    if (options.sqsd !== undefined) {
      sqsd = await startSqsdMode({
        client,
        endpoint,
        service,
        queueOf,
        environmentOf,
        sqsd: options.sqsd,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        logger,
        notes,
      });
      const running = sqsd;
      cleanups.push(() => running.stop({ drain: true }));
    }
    const wired: WiredFunction[] = [];
    for (const fn of service.functions) {
      wired.push(
        await wireFunction(fn, {
          root,
          client,
          endpoint,
          region,
          accountId: context.accountId,
          baseline,
          environmentOf,
          queueOf,
          ...(options.handlerOverride === undefined ? {} : { handlerOverride: options.handlerOverride }),
          ...(options.waitTimeSeconds === undefined ? {} : { waitTimeSeconds: options.waitTimeSeconds }),
          ...(options.clock === undefined ? {} : { clock: options.clock }),
          logger,
          notes,
          // sqsd mode: sqsd serves the worker queue and cron.yaml replaces the schedules, as on EB.
          skipQueues: new Set(sqsd === undefined ? [] : [sqsd.queue]),
          schedules: (options.schedules ?? true) && sqsd === undefined,
        }),
      );
    }
    const mappings = wired.flatMap((w) => w.mappings);
    const schedules = wired.flatMap((w) => (w.schedules === undefined ? [] : [w.schedules]));
    // Stopped before the queues go away: mappings and schedules drain, then async retries are dropped.
    cleanups.push(async () => {
      await Promise.all([
        ...mappings.map((m) => m.mapping.stop({ drain: true })),
        ...schedules.map((s) => s.runner.stop({ drain: true })),
      ]);
      await Promise.all(wired.map((w) => w.invoker?.stop()));
      for (const w of wired) for (const c of w.clients) c.destroy();
    });
    for (const { mapping } of mappings) await mapping.start();
    for (const { runner } of schedules) runner.start();

    let stopping: Promise<void> | undefined;
    return {
      endpoint,
      region,
      accountId: context.accountId,
      service,
      queues,
      mappings,
      schedules,
      ...(sqsd === undefined ? {} : { sqsd }),
      notes,
      client,
      queue,
      stop: () => {
        stopping ??= runCleanups();
        return stopping;
      },
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

export { startLocalTier };
