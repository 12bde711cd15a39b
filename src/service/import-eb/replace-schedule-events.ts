import { isMap, isNode, isScalar, isSeq, type Node, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import { formatLocation } from './import-eb-error.js';
import type { LocatedYaml } from './located-yaml.js';
import type { ImportedSchedule } from './map-schedules.js';

// Comment lines that describe one schedule start like this, both in this repository's serverless.yml and in
// what the import writes; they go with the schedules they describe.
const SCHEDULE_COMMENT = /^\s*crontab:/;

// Every imported event sets these; other keys of an existing schedule event (a group, a role, …) are shared by
// the service's schedules and copied onto the imported ones, except those that describe one schedule only.
const SET_BY_IMPORT = ['method', 'name', 'rate', 'timezone', 'input'];
const PER_SCHEDULE = new Set(['description', 'enabled', 'inputPath', 'inputTransformer']);

/**
 * Replaces the `schedule` events of one function with the imported ones, keeping its other events and the
 * comments that are not about a particular schedule. Imported events take the shared settings of the first
 * existing schedule event, and always EventBridge Scheduler, UTC, and an input naming the task and the
 * scheduled time (the scheduled handler reads both).
 */
function replaceScheduleEvents(
  yaml: LocatedYaml,
  functionKey: string,
  schedules: readonly ImportedSchedule[],
): { removed: number; added: number } {
  const { document } = yaml;
  const path = ['functions', functionKey, 'events'];
  const existing = document.getIn(path, true);
  const events = isSeq(existing) ? existing : new YAMLSeq();
  if (!isSeq(existing)) document.setIn(path, events);
  const isSchedule = (item: unknown): item is YAMLMap => isMap(item) && item.has('schedule');
  const template = sharedSettings(events.items.find(isSchedule)?.get('schedule', true));
  const before = events.items.length;
  // A comment above the first item belongs to the sequence itself.
  if (isSchedule(events.items[0]) && events.commentBefore) {
    events.commentBefore = keepGeneralLines(events.commentBefore);
  }
  events.items = events.items.filter((item) => !isSchedule(item));
  const removed = before - events.items.length;
  // An emptied list prints as `[]` and would read back as a flow list; schedules are written as a block.
  if (schedules.length > 0) events.flow = false;
  for (const schedule of schedules) {
    schedule.events.forEach((event, index) => {
      const settings = template.clone() as YAMLMap;
      settings.set('method', 'scheduler');
      settings.set('name', `\${self:service}-\${sls:stage}-${event.name}`);
      settings.set('rate', document.createNode([event.expression]));
      settings.set('timezone', 'UTC');
      settings.set(
        'input',
        document.createNode({ task: schedule.task, scheduledTime: quoted('<aws.scheduler.scheduled-time>') }),
      );
      const node = new YAMLMap();
      node.set('schedule', settings);
      const part =
        schedule.events.length > 1 ? ` (${index + 1} of ${schedule.events.length}: either day field)` : '';
      node.commentBefore = ` crontab: ${schedule.crontab}  -> task ${schedule.task}${part}, from ${formatLocation(schedule.source)}`;
      events.items.push(node);
    });
  }
  return { removed, added: schedules.reduce((sum, schedule) => sum + schedule.events.length, 0) };
}

/** The shared keys of an existing schedule event, in its order, without its comments (they were about it). */
function sharedSettings(schedule: unknown): YAMLMap {
  const shared = new YAMLMap();
  const pairs = isMap(schedule) ? schedule.items : SET_BY_IMPORT.map((key) => ({ key, value: null }));
  for (const { key: rawKey, value } of pairs) {
    const key = String(isScalar(rawKey) ? rawKey.value : rawKey);
    if (PER_SCHEDULE.has(key)) continue;
    // A placeholder keeps the key's position; each imported event fills it in.
    shared.set(key, SET_BY_IMPORT.includes(key) ? null : withoutComments(value));
  }
  return shared;
}

function withoutComments(value: unknown): unknown {
  if (!isNode(value)) return value;
  const copy = value.clone() as Node;
  visit(copy, (_, node) => {
    if (isNode(node)) {
      node.commentBefore = undefined;
      node.comment = undefined;
    }
  });
  return copy;
}

function keepGeneralLines(comment: string): string | undefined {
  const lines = comment.split('\n').filter((line) => !SCHEDULE_COMMENT.test(line));
  return lines.length === 0 ? undefined : lines.join('\n');
}

function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

export { replaceScheduleEvents };
