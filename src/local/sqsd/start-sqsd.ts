import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSystemClock } from '../clock.js';
import { LocalTierError } from '../local-tier-error.js';
import { consoleLogger } from '../logger.js';
import { compileCronEntries } from './cron-yaml.js';
import { createCronLease } from './lease.js';
import { resolveSqsdOptions, type SqsdOptions } from './options.js';
import { PeriodicEnqueuer } from './periodic-enqueuer.js';
import { SqsdDaemon, type SqsdStats } from './sqsd-daemon.js';

/** A running sqsd. */
type RunningSqsd = {
  /**
   * Stop polling and cron. With `drain` (default true, like 2.0 on SIGINT, docs/sqsd-behaviour.md#timeouts)
   * in-flight POSTs finish and are settled; with `drain: false` they are aborted and their messages return
   * after VisibilityTimeout. Safe to call twice. Caveat: fauxqs does not notice an aborted long poll, so a
   * message sent within 20 s after stop() may be taken by the dead poll and stay invisible for one
   * VisibilityTimeout.
   */
  stop(options?: { drain?: boolean }): Promise<void>;
  /** A snapshot of the running totals. */
  stats(): SqsdStats;
};

async function isFifoQueue(client: SQSClient, queueUrl: string, queueName: string): Promise<boolean> {
  try {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['FifoQueue', 'QueueArn'] }),
    );
    return Attributes?.FifoQueue === 'true' || queueName.endsWith('.fifo');
  } catch (error) {
    throw new LocalTierError(`sqsd cannot read the worker queue ${queueUrl}`, { cause: error });
  }
}

/**
 * Act as Elastic Beanstalk's worker daemon for any HTTP app (docs/sqsd-behaviour.md): long-poll `queueUrl`,
 * POST each message to `appUrl` + `httpPath` with sqsd's headers, delete on 200, return on anything else
 * after `errorVisibilityTimeout`; and enqueue the `cron` tasks on their schedules.
 *
 * @throws SqsdOptionError for an option outside EB's range (checklist 40), CronYamlError for a bad cron
 *   entry, Error when the queue cannot be read.
 * @example
 * ```ts
 * const sqsd = await startSqsd({ client, queueUrl, appUrl: 'http://127.0.0.1:8080', cron: parseCronYaml(text) });
 * // ...
 * await sqsd.stop({ drain: true });
 * ```
 */
async function startSqsd(options: SqsdOptions): Promise<RunningSqsd> {
  const settings = resolveSqsdOptions(options);
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? createSystemClock();
  const entries = compileCronEntries(options.cron ?? [], 'sqsd cron', logger);
  if (settings.inactivityTimeout >= settings.visibilityTimeout && settings.visibilityTimeout > 0) {
    // A POST outliving its VisibilityTimeout is received and POSTed again meanwhile
    // (docs/sqsd-behaviour.md#timeouts).
    logger.warn(
      'sqsd inactivityTimeout is not below visibilityTimeout: slow messages can run twice at once',
      {
        inactivityTimeout: settings.inactivityTimeout,
        visibilityTimeout: settings.visibilityTimeout,
      },
    );
  }
  const fifo = await isFifoQueue(options.client, settings.queueUrl, settings.queueName);
  let enqueuer: PeriodicEnqueuer | undefined;
  if (entries.length > 0 && fifo) {
    logger.warn(
      `sqsd: ${settings.queueName} is a FIFO queue; its ${entries.length} periodic task(s) are not enqueued`,
      {
        reason: 'Elastic Beanstalk does not support periodic tasks on FIFO worker queues',
        tasks: entries.map((entry) => entry.name),
      },
    );
  } else if (entries.length > 0) {
    enqueuer = new PeriodicEnqueuer({
      client: options.client,
      queueUrl: settings.queueUrl,
      entries,
      clock,
      logger,
      lease: options.cronLease ?? createCronLease(),
      instanceId: options.instanceId ?? randomUUID(),
    });
    // The EB event 2.0 emits after reading cron.yaml (docs/sqsd-behaviour.md#cron-file).
    logger.info(`Successfully loaded ${entries.length} scheduled tasks from cron.yaml.`, {
      tasks: entries.map(({ name, url, schedule }) => ({ name, url, schedule })),
    });
  }
  const daemon = new SqsdDaemon(options.client, settings, clock, logger);
  daemon.start();
  enqueuer?.start();
  logger.info(
    `sqsd: polling ${settings.queueName}, posting to ${settings.appUrl.origin}${settings.httpPath}`,
    {
      httpConnections: settings.httpConnections,
      visibilityTimeout: settings.visibilityTimeout,
      errorVisibilityTimeout: settings.errorVisibilityTimeout,
      inactivityTimeout: settings.inactivityTimeout,
    },
  );
  let stopping: Promise<void> | undefined;
  return {
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        await enqueuer?.stop();
        await daemon.stop(stopOptions.drain ?? true);
      })();
      return stopping;
    },
    stats: () => ({ ...daemon.stats, periodicEnqueued: enqueuer?.enqueued ?? 0 }),
  };
}

export type { RunningSqsd };
export { startSqsd };
