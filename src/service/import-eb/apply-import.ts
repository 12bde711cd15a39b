import { isMap, isScalar } from 'yaml';
import { findServiceTargets, type Path, type ServiceTargets } from './find-service-targets.js';
import type { EbImport } from './import-eb-app.js';
import { ImportEbError } from './import-eb-error.js';
import type { LocatedYaml } from './located-yaml.js';
import { replaceScheduleEvents } from './replace-schedule-events.js';
import { setYamlValue, type ValueChange } from './set-yaml-value.js';

/** What an import changed in serverless.yml. */
type ServiceEdit = {
  readonly values: readonly ValueChange[];
  readonly schedules: { readonly functionKey: string; readonly removed: number; readonly added: number };
  /** Paths that hold everything the import wrote, to show them without the rest of the file. */
  readonly touched: readonly Path[];
};

/**
 * Writes an import into a parsed serverless.yml in place (yaml's Document API keeps comments, key order and
 * quoting of everything it does not change). The caller stringifies `yaml.document` when nothing threw.
 */
function applyImport(
  yaml: LocatedYaml,
  imported: EbImport,
  targets: ServiceTargets = findServiceTargets(yaml),
): ServiceEdit {
  const { queue, worker, scheduledTimeout } = imported.settings;
  const workerPath = ['functions', targets.worker];
  const environment = environmentPath(yaml, targets.worker);
  const values = [
    setYamlValue(
      yaml,
      [...targets.queueProperties, 'VisibilityTimeout'],
      queue.visibilityTimeout,
      'sqsd VisibilityTimeout',
    ),
    setYamlValue(
      yaml,
      [...targets.queueProperties, 'MessageRetentionPeriod'],
      queue.messageRetentionPeriod,
      'sqsd RetentionPeriod',
    ),
    setYamlValue(
      yaml,
      [...redrivePath(yaml, targets.queueProperties), 'maxReceiveCount'],
      queue.maxReceiveCount,
      'sqsd MaxRetries',
    ),
    setYamlValue(yaml, [...workerPath, 'timeout'], worker.timeout, 'sqsd InactivityTimeout'),
    setYamlValue(
      yaml,
      [...targets.sqsEvent, 'maximumConcurrency'],
      worker.maximumConcurrency,
      'sqsd HttpConnections × asg MaxSize',
    ),
    // Lambda environment values are strings.
    setYamlValue(
      yaml,
      [...environment, 'ERROR_VISIBILITY_TIMEOUT'],
      String(worker.errorVisibilityTimeout),
      'sqsd ErrorVisibilityTimeout',
    ),
    setYamlValue(
      yaml,
      ['functions', targets.scheduled, 'timeout'],
      scheduledTimeout,
      'sqsd InactivityTimeout',
    ),
  ];
  const schedules = replaceScheduleEvents(yaml, targets.scheduled, imported.schedules);
  const touched: Path[] = [
    ...values.map((change) => change.path).filter((path) => path[0] === 'params'),
    [...workerPath, 'timeout'],
    [...environment, 'ERROR_VISIBILITY_TIMEOUT'],
    targets.sqsEvent,
    ['functions', targets.scheduled, 'timeout'],
    ['functions', targets.scheduled, 'events'],
    targets.queueProperties,
  ];
  return { values, schedules: { functionKey: targets.scheduled, ...schedules }, touched };
}

/** The worker's own environment, or the provider's when only that one sets ERROR_VISIBILITY_TIMEOUT. */
function environmentPath(yaml: LocatedYaml, worker: string): Path {
  const own = ['functions', worker, 'environment'];
  const provider = ['provider', 'environment'];
  if (
    !yaml.document.hasIn([...own, 'ERROR_VISIBILITY_TIMEOUT']) &&
    yaml.document.hasIn([...provider, 'ERROR_VISIBILITY_TIMEOUT'])
  ) {
    return provider;
  }
  return own;
}

/** RedrivePolicy as a mapping: maxReceiveCount is MaxRetries, and without a redrive nothing is dead-lettered. */
function redrivePath(yaml: LocatedYaml, properties: Path): Path {
  const path = [...properties, 'RedrivePolicy'];
  const redrive = yaml.document.getIn(path, true);
  if (isMap(redrive)) return path;
  throw new ImportEbError(
    yaml.at(redrive ?? yaml.document.getIn(properties, true)),
    isScalar(redrive)
      ? 'WorkQueue RedrivePolicy is a JSON string; write it as a mapping (deadLetterTargetArn, maxReceiveCount) so the import can set maxReceiveCount'
      : 'WorkQueue has no RedrivePolicy: MaxRetries needs a dead-letter queue to move messages to',
  );
}

export type { ServiceEdit };
export { applyImport };
