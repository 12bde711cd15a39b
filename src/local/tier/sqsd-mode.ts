import type { SQSClient } from '@aws-sdk/client-sqs';
import { deriveEbWorkerSettings } from '../../service/eb-worker-settings.js';
import type { LocalService, ServiceFunction } from '../../service/service-model.js';
import type { Clock } from '../clock.js';
import { LocalTierError } from '../local-tier-error.js';
import type { LocalLogger } from '../logger.js';
import { localCredentialEnvironment } from '../sqs/local-credentials.js';
import { sqsdOptionsFromEb } from '../sqsd/options.js';
import type { SqsdHandle, SqsdModeOptions, TierQueue } from './tier-types.js';

/**
 * What sqsd mode runs, from the one derivation of the EB worker settings (docs/eb-worker-settings.md): the
 * worker function and queue, the daemon options and cron.yaml entries `npm run package:eb` pins on EB. A
 * schedule with no cron.yaml form is left out with a note, where the EB bundle would refuse to build.
 */
function sqsdModeSettings(service: LocalService, sqsd: SqsdModeOptions) {
  const settings = deriveEbWorkerSettings(service);
  const notes = settings.skipped.map((problem) => `sqsd: ${problem}; skipped`);
  const fn = service.functions.find((candidate) => candidate.key === settings.worker.functionKey);
  if (fn === undefined) {
    throw new LocalTierError(`sqsd worker ${settings.worker.functionKey} is not in the service`);
  }
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
}): Promise<{ sqsd: SqsdHandle; notes: string[] }> {
  const {
    fn,
    queue: logicalId,
    options: daemon,
    cron,
    notes,
  } = sqsdModeSettings(options.service, options.sqsd);
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
  const appEnvironment: Record<string, string> = {
    AWS_ENDPOINT_URL_SQS: options.endpoint,
    AWS_REGION: environment.AWS_REGION ?? 'us-east-1',
    ...localCredentialEnvironment(),
    // The adapter answers only its HttpPath and these cron.yaml urls, as the EB bundle configures it.
    PERIODIC_PATHS: [...new Set(cron.map((entry) => entry.url))].join(','),
    // The port sqsd POSTs to, so the printed `npm run start:http` listens where the daemon sends.
    PORT: appPort(options.sqsd.appUrl),
  };
  // Absent, not empty, when the worker has no DLQ: the app's environment is copied verbatim.
  if (environment.DEAD_LETTER_QUEUE_URL)
    appEnvironment.DEAD_LETTER_QUEUE_URL = environment.DEAD_LETTER_QUEUE_URL;
  const sqsd = Object.assign(running, { queue: queue.logicalId, functionKey: fn.key, cron, appEnvironment });
  return { sqsd, notes };
}

/** `http://127.0.0.1:8080/` → `8080`; the scheme's default port when the URL names none. */
function appPort(appUrl: string): string {
  const url = new URL(appUrl);
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

export { sqsdModeSettings, startSqsdMode };
