import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { ImportEbError } from './import-eb-error.js';
import type { LocatedYaml } from './located-yaml.js';

type Path = (string | number)[];

/** Where in serverless.yml the imported settings go. */
type ServiceTargets = {
  /** Key of the function with the sqs event on WorkQueue. */
  readonly worker: string;
  /** Path of that sqs event's map. */
  readonly sqsEvent: Path;
  readonly maximumBatchingWindow: number;
  /** Key of the function that runs the schedules. */
  readonly scheduled: string;
  /** Path of WorkQueue's Properties. */
  readonly queueProperties: Path;
};

const QUEUE = 'WorkQueue';
// `Fn::GetAtt: [WorkQueue, Arn]`, `!GetAtt WorkQueue.Arn` and `Fn::GetAtt: WorkQueue.Arn` all name the queue.
const REFERENCES_QUEUE = new RegExp(`"${QUEUE}"|"${QUEUE}\\.Arn"`);

/**
 * Finds the worker (the one function with an sqs event on WorkQueue, as `npm run package:eb` reads it), the
 * scheduled function (named `scheduled`, else the one other function with schedule events) and WorkQueue.
 */
function findServiceTargets(yaml: LocatedYaml): ServiceTargets {
  const { document, file } = yaml;
  const functions = document.get('functions', true);
  if (!isMap(functions)) throw new ImportEbError({ file }, 'has no functions: mapping');
  const workers: { key: string; index: number; sqs: YAMLMap }[] = [];
  const withSchedules: string[] = [];
  for (const pair of functions.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const events = isMap(pair.value) ? pair.value.get('events', true) : undefined;
    if (!isSeq(events)) continue;
    events.items.forEach((event, index) => {
      if (!isMap(event)) return;
      const sqs = event.get('sqs', true);
      if (isMap(sqs) && REFERENCES_QUEUE.test(JSON.stringify(sqs.get('arn', true)?.toJSON() ?? null))) {
        workers.push({ key, index, sqs });
      }
      if (event.has('schedule') && !withSchedules.includes(key)) withSchedules.push(key);
    });
  }
  const [worker, extra] = workers;
  if (worker === undefined || extra !== undefined) {
    throw new ImportEbError(
      { file },
      worker === undefined
        ? `no function has an sqs event on ${QUEUE} (arn: Fn::GetAtt [${QUEUE}, Arn]); start from this repository's serverless.yml`
        : `several functions have sqs events on ${QUEUE} (${workers.map((w) => w.key).join(', ')}); the import needs one worker`,
    );
  }
  const scheduled = functions.has('scheduled')
    ? 'scheduled'
    : withSchedules.filter((key) => key !== worker.key).length === 1
      ? withSchedules.find((key) => key !== worker.key)
      : undefined;
  if (scheduled === undefined) {
    throw new ImportEbError(
      { file },
      'needs a function for the schedules: one named "scheduled" (handler src/handlers/scheduled.handler) or the only other function with schedule events',
    );
  }
  const queueProperties = ['resources', 'Resources', QUEUE, 'Properties'];
  const queue = document.getIn(queueProperties.slice(0, -1), true);
  if (!isMap(queue) || queue.get('Type') !== 'AWS::SQS::Queue' || !isMap(queue.get('Properties', true))) {
    throw new ImportEbError(
      yaml.at(queue),
      `resources.Resources.${QUEUE} must be an AWS::SQS::Queue with Properties`,
    );
  }
  return {
    worker: worker.key,
    sqsEvent: ['functions', worker.key, 'events', worker.index, 'sqs'],
    maximumBatchingWindow: batchingWindow(worker.sqs, yaml),
    scheduled,
    queueProperties,
  };
}

function batchingWindow(sqs: YAMLMap, yaml: LocatedYaml): number {
  const node = sqs.get('maximumBatchingWindow', true);
  const value = isScalar(node) ? Number(node.value) : node === undefined ? 0 : Number.NaN;
  if (Number.isInteger(value) && value >= 0) return value;
  // The worker timeout must leave room for the window, so an unreadable one cannot be guessed.
  throw new ImportEbError(
    yaml.at(node),
    'maximumBatchingWindow of the worker sqs event must be a whole number of seconds',
  );
}

export type { Path, ServiceTargets };
export { findServiceTargets, REFERENCES_QUEUE };
