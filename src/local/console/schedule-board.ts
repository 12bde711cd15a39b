import { listSchedules } from '../../ops/schedule-listing.js';
import type { ScheduleFiredReport } from '../eventbridge/schedule-types.js';
import type { LocalTier } from '../tier/tier-types.js';
import type { DeliveryEntry } from './delivery-log.js';

/** How a schedule's last run went, in words. */
type LastRun = { at: number; how: 'timetable' | 'run now'; outcome: string; error?: string };

/** A schedule as the page shows it. */
type ScheduleRow = {
  name: string;
  function: string;
  expression: string;
  timezone: string;
  task?: string;
  enabled: boolean;
  /** ISO times: the armed timer first (what the tier will do), then the timetable's next ones. */
  next: string[];
  note?: string;
  lastRun?: LastRun;
};

/**
 * Every schedule of the service with its next fire times (src/ops' listing, as `worker:schedules`) and
 * its last run: from the schedule runners' `fired` events, or for a run now, from the scheduled run that
 * reached the handler next for that schedule's task.
 */
function createScheduleBoard(tier: LocalTier) {
  const last = new Map<string, LastRun>();
  /** Run-now requests waiting for their run to reach the handler: task → schedule names. */
  const waiting = new Map<string, string[]>();
  const detach: (() => void)[] = [];
  for (const { runner } of tier.schedules) {
    const fired = (report: ScheduleFiredReport) =>
      last.set(report.schedule.name, {
        at: Date.now(),
        how: 'timetable',
        outcome: report.outcome,
        error: report.error?.message,
      });
    runner.on('fired', fired);
    detach.push(() => runner.off('fired', fired));
  }

  function rows(now = new Date()): ScheduleRow[] {
    const armed = new Map(
      tier.schedules.flatMap(({ runner }) => runner.nextFireTimes().map((n) => [n.name, n.at] as const)),
    );
    return listSchedules(tier.service, now).map((listing) => {
      const at = armed.get(listing.name);
      const next = listing.next.map((d) => d.toISOString());
      if (at !== undefined && !next.includes(at.toISOString())) next.unshift(at.toISOString());
      return {
        name: listing.name,
        function: listing.function,
        expression: listing.expression,
        timezone: listing.timezone,
        task: listing.task,
        enabled: listing.enabled,
        next,
        note:
          at === undefined && tier.schedules.length === 0 ? 'schedules are off in this tier' : listing.note,
        lastRun: last.get(listing.name),
      };
    });
  }

  function ranNow(schedule: string, task: string): void {
    waiting.set(task, [...(waiting.get(task) ?? []), schedule]);
    last.set(schedule, { at: Date.now(), how: 'run now', outcome: 'started' });
  }

  /** The run-now request itself failed: nothing will reach the handler. */
  function runFailed(schedule: string, task: string, error: Error): void {
    waiting.set(
      task,
      (waiting.get(task) ?? []).filter(
        (name, index, all) => name !== schedule || all.indexOf(name) !== index,
      ),
    );
    last.set(schedule, { at: Date.now(), how: 'run now', outcome: 'not started', error: error.message });
  }

  /** A delivery from a schedule: completes the oldest run now waiting for its task. */
  function delivered(entry: DeliveryEntry): boolean {
    if (entry.source !== 'schedule' || entry.task === undefined) return false;
    const [schedule, ...rest] = waiting.get(entry.task) ?? [];
    if (schedule === undefined) return false;
    waiting.set(entry.task, rest);
    last.set(schedule, {
      at: entry.at,
      how: 'run now',
      outcome: entry.outcome,
      error: entry.errorMessage === undefined ? undefined : `${entry.errorName}: ${entry.errorMessage}`,
    });
    return true;
  }

  return {
    rows,
    ranNow,
    runFailed,
    delivered,
    close: () => {
      for (const d of detach.splice(0)) d();
    },
  };
}

export type { LastRun, ScheduleRow };
export { createScheduleBoard };
