import type { SQSClient } from '@aws-sdk/client-sqs';
import { deriveEbWorkerSettings } from '../../service/eb-worker-settings.js';
import type { LocalService, ServiceFunction } from '../../service/service-model.js';
import type { Clock } from '../clock.js';
import type { LocalLogger } from '../logger.js';
import type { RunningSqsd, SqsdCronEntry } from '../sqsd/index.js';
import { sqsdOptionsFromEb } from '../sqsd/options.js';
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

/**
 * What sqsd mode runs, from the one derivation of the EB worker settings (docs/eb-worker-settings.md): the
 * worker function and queue, the daemon options and cron.yaml entries `npm run package:eb` pins on EB. A
 * schedule with no cron.yaml form is left out with a note, where the EB bundle would refuse to build.
 */
function sqsdModeSettings(service: LocalService, sqsd: SqsdModeOptions) {
  const settings = deriveEbWorkerSettings(service);
  const notes = settings.skipped.map((problem) => `sqsd: ${problem}; skipped`);
  const fn = service.functions.find((candidate) => candidate.key === settings.worker.functionKey);
  if (fn === undefined) throw new Error(`sqsd worker ${settings.worker.functionKey} is not in the service`);
  const options = sqsdOptionsFromEb(settings.sqsd);
  // An explicit path wins over the derived '/', as an HttpPath option setting would on EB.
  if (sqsd.httpPath !== undefined) options.httpPath = sqsd.httpPath;
  return { fn, queue: settings.worker.queue, options, cron: settings.cron, notes };
}

/** Start sqsd on the worker queue with the settings `npm run package:eb` pins on EB (sqsdModeSettings). */
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
  const mode = sqsdModeSettings(options.service, options.sqsd);
  options.notes.push(...mode.notes);
  const { fn, queue: logicalId, options: daemon, cron } = mode;
  const queue = options.queueOf({ 'Fn::GetAtt': [logicalId, 'Arn'] });
  // Loaded only in sqsd mode: the Lambda path never pays for (or depends on) the daemon.
  const { startSqsd } = await import('../sqsd/index.js');
  const running = await startSqsd({
    client: options.client,
    queueUrl: queue.url,
    appUrl: options.sqsd.appUrl,
    ...daemon,
    cron,
    clock: options.clock,
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
export { sqsdModeSettings, startSqsdMode };
