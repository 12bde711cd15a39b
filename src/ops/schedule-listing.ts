/** `worker:schedules`: every schedule of the service with its next fire times, computed as the local tier does. */
import { parseScheduleExpression } from '../schedule/eventbridge-expression.js';
import type { LocalService } from '../service/service-model.js';

type ScheduleListing = {
  function: string;
  name: string;
  expression: string;
  timezone: string;
  task?: string;
  enabled: boolean;
  /** Next fire times in UTC; empty for a rate (it counts from when the schedule was created). */
  next: Date[];
  note?: string;
};

function taskOf(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  try {
    const task = (JSON.parse(input) as { task?: unknown }).task;
    return typeof task === 'string' ? task : undefined;
  } catch {
    return undefined;
  }
}

function listSchedules(service: LocalService, now: Date, count = 3): ScheduleListing[] {
  return service.functions.flatMap((fn) =>
    fn.schedules.map((schedule): ScheduleListing => {
      const timezone = schedule.timezone ?? 'UTC';
      // The scheduled handler falls back to the schedule name's last segment when the input names no task.
      const task = taskOf(schedule.input) ?? schedule.name.split('-').pop();
      const listing = {
        function: fn.key,
        name: schedule.name,
        expression: schedule.expression,
        timezone,
        task,
        enabled: schedule.enabled,
      };
      let parsed: ReturnType<typeof parseScheduleExpression>;
      try {
        parsed = parseScheduleExpression(schedule.expression, timezone);
      } catch (error) {
        return { ...listing, next: [], note: (error as Error).message };
      }
      if (parsed.kind === 'rate')
        return { ...listing, next: [], note: 'rate: counts from when the schedule was created' };
      const next: Date[] = [];
      let after = now;
      while (next.length < count) {
        const at = parsed.next(after);
        if (at === undefined) break;
        next.push(at);
        after = at;
      }
      return { ...listing, next };
    }),
  );
}

function formatSchedules(listings: readonly ScheduleListing[]): string[] {
  if (listings.length === 0) return ['The service has no schedules.'];
  const lines: string[] = [];
  for (const s of listings) {
    lines.push(`${s.name}${s.enabled ? '' : '  (disabled)'}`);
    lines.push(
      `  ${s.expression}  time zone ${s.timezone}  task ${s.task ?? '(none)'}  function ${s.function}`,
    );
    const when = s.next.map((d) => d.toISOString().replace('.000Z', 'Z')).join(', ');
    lines.push(`  next (UTC): ${when || s.note || 'never'}`);
  }
  return lines;
}

export type { ScheduleListing };
export { formatSchedules, listSchedules };
