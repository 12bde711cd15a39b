import { readLocalService } from '../service-model.js';
import { REFERENCES_QUEUE, type ServiceTargets } from './find-service-targets.js';
import type { EbImport } from './import-eb-app.js';
import { ImportEbError } from './import-eb-error.js';

/**
 * Reads the written serverless.yml back through `serverless print` and the service model the local tier uses,
 * and checks that every imported schedule and setting resolves to the value the import meant. Returns one
 * line per check for the user; throws at the first mismatch (a stage param or variable resolving otherwise).
 */
function checkPrintedService(
  printed: unknown,
  imported: EbImport,
  targets: ServiceTargets,
  file: string,
): string[] {
  const service = readLocalService(printed);
  const fn = (key: string) => {
    const found = service.functions.find((candidate) => candidate.key === key);
    if (found === undefined) throw new ImportEbError({ file }, `serverless print has no function ${key}`);
    return found;
  };
  const worker = fn(targets.worker);
  const scheduled = fn(targets.scheduled);
  const queue = service.queues.find((candidate) => candidate.logicalId === 'WorkQueue');
  const { settings } = imported;
  const checks: [string, unknown, unknown][] = [
    ['WorkQueue VisibilityTimeout', queue?.visibilityTimeout, settings.queue.visibilityTimeout],
    [
      'WorkQueue MessageRetentionPeriod',
      queue?.messageRetentionPeriod,
      settings.queue.messageRetentionPeriod,
    ],
    ['WorkQueue maxReceiveCount', queue?.redrive?.maxReceiveCount, settings.queue.maxReceiveCount],
    [`${worker.key} timeout`, worker.timeout, settings.worker.timeout],
    [
      `${worker.key} maximumConcurrency`,
      // The event on WorkQueue, wherever it sits among the worker's sqs events.
      worker.sqs.find((event) => REFERENCES_QUEUE.test(JSON.stringify(event.arn)))?.maximumConcurrency,
      settings.worker.maximumConcurrency,
    ],
    [
      `${worker.key} ERROR_VISIBILITY_TIMEOUT`,
      worker.environment.ERROR_VISIBILITY_TIMEOUT,
      String(settings.worker.errorVisibilityTimeout),
    ],
    [`${scheduled.key} timeout`, scheduled.timeout, settings.scheduledTimeout],
  ];
  const lines = checks.map(([label, actual, expected]) => {
    if (actual !== expected) {
      throw new ImportEbError(
        { file },
        `serverless print resolves ${label} to ${JSON.stringify(actual)}, not the imported ${JSON.stringify(expected)}`,
      );
    }
    return `${label}: ${String(actual)}`;
  });
  const wanted = imported.schedules.flatMap((schedule) =>
    schedule.events.map((event) => `${event.expression} task ${schedule.task}`),
  );
  const printedSchedules = scheduled.schedules.map((schedule) => {
    const task =
      schedule.input === undefined ? undefined : (JSON.parse(schedule.input) as { task?: unknown }).task;
    return `${schedule.expression} task ${String(task)}`;
  });
  const missing = wanted.filter((schedule) => !printedSchedules.includes(schedule));
  if (missing.length > 0) {
    throw new ImportEbError({ file }, `serverless print lacks the schedules ${missing.join(', ')}`);
  }
  return [...lines, ...printedSchedules.map((schedule) => `${scheduled.key} schedule ${schedule}`)];
}

export { checkPrintedService };
