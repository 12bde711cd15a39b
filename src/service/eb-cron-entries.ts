import { eventBridgeToCrontab, ScheduleExpressionError } from '../schedule/index.js';
import type { ScheduleEventModel, ServiceFunction } from './service-model.js';
import { ServiceModelError } from './service-model-error.js';

/** One `cron.yaml` entry: the daemon's periodic task (docs/eb-worker-settings.md). */
type CronEntry = { name: string; url: string; schedule: string };

/** The entries, and one message per enabled schedule that cannot be a cron.yaml entry. */
type CronDerivation = { entries: CronEntry[]; skipped: string[] };

// The task becomes the url path segment and the X-Aws-Sqsd-Taskname header, so it keeps to unreserved URL
// characters.
const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const UTC_ZONES = /^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/i;

/** `order` is the schedule's position in serverless.yml, so problems are reported in that order. */
type TaskSchedule = { functionKey: string; schedule: ScheduleEventModel; order: number };
type Skipped = { order: number; problem: string };

/**
 * The naming rule (docs/eb-worker-settings.md): a task's first enabled schedule expression, in serverless.yml
 * order, is named after the task; the n-th is `<task>-<n>`. So the name equals the task whenever a task has one
 * schedule, and adding a schedule never renames the ones before it.
 */
function entryName(task: string, position: number): string {
  return position === 1 ? task : `${task}-${position}`;
}

/** `input.task` of a schedule, or a message saying why there is none. */
function taskOf(schedule: ScheduleEventModel): string | { problem: string } {
  if (schedule.input === undefined) {
    return { problem: `${schedule.where} has no input; cron.yaml needs input.task to name the task` };
  }
  let input: unknown;
  try {
    input = JSON.parse(schedule.input);
  } catch {
    input = undefined;
  }
  const task = (input as { task?: unknown } | undefined)?.task;
  if (typeof task !== 'string' || task.trim() === '') {
    return { problem: `${schedule.where}.input.task is missing or not a string` };
  }
  return task.trim();
}

function crontabOf(task: string, { functionKey, schedule }: TaskSchedule): string | { problem: string } {
  if (schedule.timezone !== undefined && !UTC_ZONES.test(schedule.timezone)) {
    // sqsd evaluates cron.yaml in UTC; shifting the hours would still be wrong across DST.
    return {
      problem: `${schedule.where}.timezone is "${schedule.timezone}", but cron.yaml schedules run in UTC`,
    };
  }
  try {
    return eventBridgeToCrontab(schedule.expression);
  } catch (error) {
    if (!(error instanceof ScheduleExpressionError)) throw error;
    return { problem: `schedule of task "${task}" (function ${functionKey}): ${error.message}` };
  }
}

/** Enabled schedules grouped by task, tasks in order of first appearance. */
function schedulesByTask(functions: readonly ServiceFunction[], skipped: Skipped[]) {
  const byTask = new Map<string, TaskSchedule[]>();
  let order = 0;
  for (const fn of functions) {
    // A disabled schedule does not run on Lambda, so it does not run under sqsd either.
    for (const schedule of fn.schedules.filter((s) => s.enabled)) {
      order++;
      const task = taskOf(schedule);
      if (typeof task !== 'string') {
        skipped.push({ order, problem: task.problem });
        continue;
      }
      byTask.set(task, [...(byTask.get(task) ?? []), { functionKey: fn.key, schedule, order }]);
    }
  }
  return byTask;
}

/**
 * cron.yaml entries for the service's schedules: url `/<input.task>`, the EventBridge expression as a UTC
 * crontab, names by {@link entryName}. A schedule that cannot be expressed is reported in `skipped`.
 * @throws ServiceModelError when two entries would share a name: sqsd keeps only the last of them.
 */
function deriveCronEntries(functions: readonly ServiceFunction[]): CronDerivation {
  const skipped: Skipped[] = [];
  const entries: CronEntry[] = [];
  for (const [task, schedules] of schedulesByTask(functions, skipped)) {
    const [first] = schedules;
    if (!TASK_NAME.test(task)) {
      skipped.push({
        order: first?.order ?? 0,
        problem: `task "${task}" (function ${first?.functionKey}) cannot be a cron.yaml url path segment`,
      });
      continue;
    }
    schedules.forEach((source, index) => {
      const schedule = crontabOf(task, source);
      if (typeof schedule === 'string') {
        entries.push({ name: entryName(task, index + 1), url: `/${task}`, schedule });
      } else {
        skipped.push({ order: source.order, problem: schedule.problem });
      }
    });
  }
  const seen = new Set<string>();
  for (const { name } of entries) {
    if (seen.has(name)) {
      throw new ServiceModelError(`two cron.yaml entries would both be named "${name}"; rename a task`);
    }
    seen.add(name);
  }
  return { entries, skipped: skipped.sort((a, b) => a.order - b.order).map(({ problem }) => problem) };
}

export type { CronDerivation, CronEntry };
export { deriveCronEntries };
