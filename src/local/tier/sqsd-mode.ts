import type { SQSClient } from '@aws-sdk/client-sqs';
import { eventBridgeToCrontab } from '../../schedule/index.js';
import type { LocalService, ServiceFunction } from '../../service/service-model.js';
import type { Clock } from '../clock.js';
import { LocalTierError } from '../local-tier-error.js';
import type { LocalLogger } from '../logger.js';
import { localCredentialEnvironment } from '../sqs/local-credentials.js';
import type { SqsdCronEntry } from '../sqsd/index.js';
import type { SqsdHandle, SqsdModeOptions, TierQueue } from './tier-types.js';

const UTC = /^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/i;

/**
 * cron.yaml entries from the service's schedules, as `npm run package:eb` derives them: one per
 * expression, url `/<input.task>`, crontab in UTC. A schedule that cannot be expressed is skipped with a
 * note (sqsd runs cron.yaml in UTC only).
 */
function cronEntries(service: LocalService, notes: string[]): SqsdCronEntry[] {
  const entries: SqsdCronEntry[] = [];
  for (const fn of service.functions) {
    for (const schedule of fn.schedules) {
      if (!schedule.enabled) continue;
      const where = `${fn.key} schedule ${schedule.name} (${schedule.expression})`;
      let task: unknown;
      try {
        task =
          schedule.input === undefined ? undefined : (JSON.parse(schedule.input) as { task?: unknown }).task;
      } catch {
        task = undefined;
      }
      if (typeof task !== 'string') {
        notes.push(`sqsd: ${where} has no input.task, so it has no cron.yaml url; skipped`);
        continue;
      }
      if (schedule.timezone !== undefined && !UTC.test(schedule.timezone)) {
        notes.push(`sqsd: ${where} uses timezone ${schedule.timezone}; cron.yaml runs in UTC; skipped`);
        continue;
      }
      try {
        const base = task;
        const taken = entries.filter((entry) => entry.url === `/${task}`).length;
        entries.push({
          name: taken === 0 ? base : `${base}-${taken + 1}`,
          url: `/${task}`,
          schedule: eventBridgeToCrontab(schedule.expression),
        });
      } catch (error) {
        notes.push(`sqsd: ${where}: ${(error as Error).message}; skipped`);
      }
    }
  }
  return entries;
}

/** The one function with an enabled sqs event: its queue is the worker queue sqsd reads. */
function workerOf(service: LocalService, queueOf: (arn: unknown) => TierQueue) {
  const workers = service.functions.flatMap((fn) =>
    fn.sqs.filter((event) => event.enabled).map((event) => ({ fn, event, queue: queueOf(event.arn) })),
  );
  const [worker, extra] = workers;
  if (worker === undefined) {
    throw new LocalTierError('--sqsd needs a function with an sqs event (the worker queue)');
  }
  if (extra !== undefined) {
    throw new LocalTierError(`--sqsd runs one worker queue, but ${workers.length} sqs events are configured`);
  }
  return worker;
}

/**
 * Start sqsd on the worker queue with the settings `npm run package:eb` pins on EB (VisibilityTimeout,
 * ErrorVisibilityTimeout, HttpConnections, RetentionPeriod, InactivityTimeout = VisibilityTimeout - 1).
 * Returns the running daemon and the notes on schedules cron.yaml cannot carry.
 */
async function startSqsdMode(options: {
  client: SQSClient;
  /** The SQS endpoint the app should use. */
  endpoint: string;
  service: LocalService;
  queueOf: (arn: unknown) => TierQueue;
  environmentOf: (fn: ServiceFunction) => Record<string, string>;
  sqsd: SqsdModeOptions;
  clock?: Clock;
  logger: LocalLogger;
}): Promise<{ sqsd: SqsdHandle; notes: string[] }> {
  const { fn, event, queue } = workerOf(options.service, options.queueOf);
  const model = options.service.queues.find((q) => q.logicalId === queue.logicalId);
  const visibilityTimeout = model?.visibilityTimeout ?? 30;
  const errorVisibility = options.environmentOf(fn).ERROR_VISIBILITY_TIMEOUT;
  const notes: string[] = [];
  const cron = cronEntries(options.service, notes);
  // Loaded only in sqsd mode: the Lambda path never pays for (or depends on) the daemon.
  const { startSqsd } = await import('../sqsd/index.js');
  const running = await startSqsd({
    client: options.client,
    queueUrl: queue.url,
    appUrl: options.sqsd.appUrl,
    httpPath: options.sqsd.httpPath,
    httpConnections: Math.min(100, Math.max(1, event.maximumConcurrency ?? 50)),
    visibilityTimeout,
    inactivityTimeout: Math.min(36_000, Math.max(1, visibilityTimeout - 1)),
    errorVisibilityTimeout: errorVisibility ? Number(errorVisibility) : undefined,
    retentionPeriod: model?.messageRetentionPeriod,
    cron,
    clock: options.clock,
    logger: options.logger,
  });
  const environment = options.environmentOf(fn);
  const appEnvironment: Record<string, string> = {
    AWS_ENDPOINT_URL_SQS: options.endpoint,
    AWS_REGION: environment.AWS_REGION ?? 'us-east-1',
    ...localCredentialEnvironment(),
  };
  // Absent, not empty, when the worker has no DLQ: the app's environment is copied verbatim.
  if (environment.DEAD_LETTER_QUEUE_URL)
    appEnvironment.DEAD_LETTER_QUEUE_URL = environment.DEAD_LETTER_QUEUE_URL;
  const sqsd = Object.assign(running, { queue: queue.logicalId, functionKey: fn.key, cron, appEnvironment });
  return { sqsd, notes };
}

export { cronEntries, startSqsdMode };
