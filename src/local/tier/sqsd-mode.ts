import type { SQSClient } from '@aws-sdk/client-sqs';
import { eventBridgeToCrontab } from '../../schedule/index.js';
import type { LocalService, ServiceFunction } from '../../service/service-model.js';
import type { Clock } from '../clock.js';
import type { LocalLogger } from '../logger.js';
import type { RunningSqsd, SqsdCronEntry } from '../sqsd/index.js';
import type { TierQueue } from './tier-types.js';

/** `--sqsd <url>`: EB's daemon POSTs the worker queue's messages to an HTTP app (e.g. `npm run start:http`). */
type SqsdModeOptions = {
  /** The app, e.g. `http://127.0.0.1:8080`. */
  appUrl: string;
  /** @defaultValue '/' */
  httpPath?: string;
};

type SqsdHandle = RunningSqsd & {
  queue: string;
  functionKey: string;
  cron: SqsdCronEntry[];
  /** What to give the HTTP app so its DLQ port reaches the tier's DLQ, as the worker function would. */
  appEnvironment: Record<string, string>;
};

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
  if (worker === undefined) throw new Error('--sqsd needs a function with an sqs event (the worker queue)');
  if (extra !== undefined) {
    throw new Error(`--sqsd runs one worker queue, but ${workers.length} sqs events are configured`);
  }
  return worker;
}

/**
 * Start sqsd on the worker queue with the settings `npm run package:eb` pins on EB (VisibilityTimeout,
 * ErrorVisibilityTimeout, HttpConnections, RetentionPeriod, InactivityTimeout = VisibilityTimeout - 1).
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
  notes: string[];
}): Promise<SqsdHandle> {
  const { fn, event, queue } = workerOf(options.service, options.queueOf);
  const model = options.service.queues.find((q) => q.logicalId === queue.logicalId);
  const visibilityTimeout = model?.visibilityTimeout ?? 30;
  const errorVisibility = options.environmentOf(fn).ERROR_VISIBILITY_TIMEOUT;
  const cron = cronEntries(options.service, options.notes);
  // Loaded only in sqsd mode: the Lambda path never pays for (or depends on) the daemon.
  const { startSqsd } = await import('../sqsd/index.js');
  const running = await startSqsd({
    client: options.client,
    queueUrl: queue.url,
    appUrl: options.sqsd.appUrl,
    ...(options.sqsd.httpPath === undefined ? {} : { httpPath: options.sqsd.httpPath }),
    httpConnections: Math.min(100, Math.max(1, event.maximumConcurrency ?? 50)),
    visibilityTimeout,
    inactivityTimeout: Math.min(36_000, Math.max(1, visibilityTimeout - 1)),
    ...(errorVisibility ? { errorVisibilityTimeout: Number(errorVisibility) } : {}),
    ...(model?.messageRetentionPeriod === undefined ? {} : { retentionPeriod: model.messageRetentionPeriod }),
    cron,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    logger: options.logger,
  });
  const environment = options.environmentOf(fn);
  const appEnvironment = {
    ...(environment.DEAD_LETTER_QUEUE_URL
      ? { DEAD_LETTER_QUEUE_URL: environment.DEAD_LETTER_QUEUE_URL }
      : {}),
    AWS_ENDPOINT_URL_SQS: options.endpoint,
    AWS_REGION: environment.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  return Object.assign(running, { queue: queue.logicalId, functionKey: fn.key, cron, appEnvironment });
}

export type { SqsdHandle, SqsdModeOptions };
export { cronEntries, startSqsdMode };
