import { isMap, isSeq, Scalar, YAMLSeq } from 'yaml';
import { formatLocation } from './import-eb-error.js';
import type { LocatedYaml } from './located-yaml.js';
import type { ImportedSchedule } from './map-schedules.js';

// Comment lines that describe one schedule start like this, both in this repository's serverless.yml and in
// what the import writes; they go with the schedules they describe.
const SCHEDULE_COMMENT = /^\s*crontab:/;

/**
 * Replaces the `schedule` events of one function with the imported ones, keeping its other events and the
 * comments that are not about a particular schedule. Events match this repository's: EventBridge Scheduler,
 * UTC, and an input naming the task and the scheduled time (the scheduled handler reads both).
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
  const isSchedule = (item: unknown) => isMap(item) && item.has('schedule');
  const before = events.items.length;
  // A comment above the first item belongs to the sequence itself.
  if (isSchedule(events.items[0]) && events.commentBefore) {
    events.commentBefore = keepGeneralLines(events.commentBefore);
  }
  events.items = events.items.filter((item) => !isSchedule(item));
  const removed = before - events.items.length;
  for (const schedule of schedules) {
    schedule.events.forEach((event, index) => {
      const node = document.createNode({
        schedule: {
          method: 'scheduler',
          name: `\${self:service}-\${sls:stage}-${event.name}`,
          rate: [event.expression],
          timezone: 'UTC',
          input: { task: schedule.task, scheduledTime: quoted('<aws.scheduler.scheduled-time>') },
        },
      });
      const part =
        schedule.events.length > 1 ? ` (${index + 1} of ${schedule.events.length}: either day field)` : '';
      node.commentBefore = ` crontab: ${schedule.crontab}  -> task ${schedule.task}${part}, from ${formatLocation(schedule.source)}`;
      events.items.push(node);
    });
  }
  return { removed, added: schedules.reduce((sum, schedule) => sum + schedule.events.length, 0) };
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
