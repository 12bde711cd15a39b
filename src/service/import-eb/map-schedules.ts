import { crontabToEventBridge, ScheduleExpressionError } from '../../schedule/index.js';
import { formatLocation, ImportEbError, type SourceLocation } from './import-eb-error.js';
import type { ReportEntry } from './import-report.js';
import { taskFromUrl } from './task-from-url.js';

/** A periodic POST found in cron.yaml or in a cron.d file. */
type ScheduleSource = {
  readonly via: 'cron.yaml' | 'cron.d';
  /** The cron.yaml entry's name, or the cron.d file's install path. */
  readonly label: string;
  readonly crontab: string;
  readonly url: string;
  readonly source: SourceLocation;
};

/** One schedule event to write: `name` is the suffix after `${self:service}-${sls:stage}-`. */
type ScheduleEventSpec = { readonly name: string; readonly expression: string };

/** One crontab line as EventBridge schedules (two when both day fields are restricted). */
type ImportedSchedule = {
  readonly task: string;
  readonly crontab: string;
  readonly events: readonly ScheduleEventSpec[];
  readonly via: ScheduleSource['via'];
  readonly source: SourceLocation;
};

const CRON_D_DIFFERENCE =
  'cron.d ran it on every EB instance (one run per instance per tick, in the instance clock, UTC by default, ' +
  'no retry); EventBridge Scheduler runs it once per tick in UTC and Lambda retries a failed run up to 2 times';
const EITHER_DAY =
  'both day fields are restricted: Vixie cron runs when either matches (two schedules here); sqsd may have ' +
  'required both to match';

/** Converts every periodic POST; throws ImportEbError at the first line that cannot be scheduled on EventBridge. */
function mapSchedules(sources: readonly ScheduleSource[]): {
  schedules: ImportedSchedule[];
  report: ReportEntry[];
} {
  const schedules: ImportedSchedule[] = [];
  const report: ReportEntry[] = [];
  const seen = new Map<string, SourceLocation>();
  const perTask = new Map<string, number>();
  for (const entry of sources) {
    const { task, approximation } = taskFromUrl(entry.url, entry.source);
    const expressions = toEventBridge(entry.crontab, entry.source);
    const key = `${task} ${expressions.join(' ')}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ImportEbError(
        entry.source,
        `task "${task}" at "${entry.crontab}" is already scheduled at ${formatLocation(first)}; remove one, or it would run twice per tick`,
      );
    }
    seen.set(key, entry.source);
    const events = expressions.map((expression) => {
      const count = (perTask.get(task) ?? 0) + 1;
      perTask.set(task, count);
      // The name ends with the task: the scheduled handler falls back to it for a schedule without input.
      return { name: count === 1 ? task : `${count}-${task}`, expression };
    });
    schedules.push({ task, crontab: entry.crontab, events, via: entry.via, source: entry.source });
    const reasons = [
      entry.via === 'cron.d' ? CRON_D_DIFFERENCE : undefined,
      entry.via === 'cron.yaml' && expressions.length > 1 ? EITHER_DAY : undefined,
      approximation,
    ].filter((reason) => reason !== undefined);
    report.push({
      status: reasons.length === 0 ? 'mapped' : 'approximated',
      setting: entry.via === 'cron.yaml' ? `cron.yaml "${entry.label}"` : `cron.d ${entry.label}`,
      value: `"${entry.crontab}" POST ${entry.url}`,
      source: entry.source,
      target: `schedule ${expressions.join(' + ')} task ${task}`,
      why: reasons.length === 0 ? undefined : reasons.join('; '),
    });
  }
  return { schedules, report };
}

function toEventBridge(crontab: string, source: SourceLocation): string[] {
  try {
    return crontabToEventBridge(crontab);
  } catch (error) {
    if (!(error instanceof ScheduleExpressionError)) throw error;
    const fields = crontab.trim().split(/\s+/).length;
    const hint = fields === 6 ? ' (a seconds field? EventBridge schedules to the minute)' : '';
    throw new ImportEbError(source, `cannot be scheduled on EventBridge: ${error.message}${hint}`, {
      cause: error,
    });
  }
}

export type { ImportedSchedule, ScheduleEventSpec, ScheduleSource };
export { mapSchedules };
