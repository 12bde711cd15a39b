/**
 * The one derivation of the EB worker settings (sqsd options and cron.yaml entries) from the service. Both
 * `npm run package:eb` and the local sqsd mode (`npm start -- --sqsd`) call it, so an app sees the same
 * settings and task names in both; docs/eb-worker-settings.md describes the mapping.
 */
import { type CronEntry, deriveCronEntries } from './eb-cron-entries.js';
import { deriveSqsdOptions, type EbSqsdOptions, type WorkerBinding } from './eb-sqsd-options.js';
import type { LocalService, ServiceQueue } from './service-model.js';
import { ServiceModelError } from './service-model-error.js';

type EbWorkerSettings = {
  /** The function sqsd stands in for, and the logical id of the queue it reads. */
  worker: { functionKey: string; queue: string };
  sqsd: EbSqsdOptions;
  cron: CronEntry[];
  /**
   * Enabled schedules that cannot be cron.yaml entries, one message each. The EB bundle refuses to build
   * with any; the local sqsd mode runs without them and says so.
   */
  skipped: string[];
};

/** The service queue an sqs event's `arn` names: `Fn::GetAtt [Id, Arn]`, `Id.Arn`, or a literal ARN. */
function queueOfArn(arn: unknown, queues: readonly ServiceQueue[]): ServiceQueue | undefined {
  if (typeof arn === 'string') return queues.find((queue) => arn.endsWith(`:${queue.name}`));
  if (typeof arn !== 'object' || arn === null || !('Fn::GetAtt' in arn)) return undefined;
  const target = arn['Fn::GetAtt'];
  // `!GetAtt WorkQueue.Arn` prints as ['WorkQueue', 'Arn']; the long form may stay a dotted string.
  const [logicalId, attribute] = Array.isArray(target) ? target : String(target).split('.', 2);
  return attribute === 'Arn' ? queues.find((queue) => queue.logicalId === logicalId) : undefined;
}

/**
 * The worker is the one function with an enabled sqs event on one of the service's standard queues; FIFO
 * events (the orders.fifo sample) stay Lambda-only when a standard one exists, since sqsd reads one queue.
 */
function workerOf(service: LocalService): WorkerBinding {
  const bindings = service.functions.flatMap((fn) =>
    fn.sqs
      .filter((event) => event.enabled)
      .map((event) => ({ fn, event, queue: queueOfArn(event.arn, service.queues) }))
      .filter((binding): binding is WorkerBinding => binding.queue !== undefined),
  );
  const standard = bindings.filter((binding) => !binding.queue.fifo);
  const workers = standard.length > 0 ? standard : bindings;
  const [worker, extra] = workers;
  if (worker === undefined) {
    throw new ServiceModelError(
      "no function has an enabled sqs event on one of the service's queues (the worker queue sqsd reads)",
    );
  }
  if (extra !== undefined) {
    const names = workers.map(({ fn, queue }) => `${fn.key} on ${queue.logicalId}`).join(', ');
    throw new ServiceModelError(`sqsd reads one worker queue, but several sqs events qualify (${names})`);
  }
  return worker;
}

/**
 * Derives the EB worker settings from the service read by readLocalService.
 * @throws ServiceModelError naming the serverless.yml value that has no EB equivalent.
 */
function deriveEbWorkerSettings(service: LocalService): EbWorkerSettings {
  const worker = workerOf(service);
  const { entries, skipped } = deriveCronEntries(service.functions);
  return {
    worker: { functionKey: worker.fn.key, queue: worker.queue.logicalId },
    sqsd: deriveSqsdOptions(worker),
    cron: entries,
    skipped,
  };
}

export type { CronEntry, EbSqsdOptions, EbWorkerSettings };
export { deriveEbWorkerSettings };
