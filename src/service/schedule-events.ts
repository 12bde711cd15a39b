import { asObject, type Json } from './printed-values.js';
import { ServiceModelError } from './service-model-error.js';

/** One schedule expression of a `schedule` event (an event with a `rate` list becomes several). */
type ScheduleEventModel = {
  name: string;
  /** Path of the event in the printed service, e.g. `functions.scheduled.events[1].schedule`, for errors. */
  where: string;
  expression: string;
  method: 'eventBus' | 'scheduler';
  timezone?: string;
  group?: string;
  /** JSON text as the framework would pass it to CloudFormation, or undefined for the default event. */
  input?: string;
  enabled: boolean;
  /** inputPath / inputTransformer: not emulated, the schedule is skipped with a warning. */
  unsupported?: string;
};

/** The framework's own input handling (osls compile/events/schedule.js): objects are JSON-encoded. */
function scheduleInput(input: unknown): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'string') return input;
  const copy = { ...(input as Json) };
  if (typeof copy.body === 'string') copy.body = JSON.parse(copy.body);
  return JSON.stringify(copy);
}

function readScheduleEvent(raw: unknown, where: string, fn: string, counter: { n: number }) {
  const event = typeof raw === 'string' ? { rate: [raw] } : asObject(raw, where);
  const rates = Array.isArray(event.rate) ? event.rate : [event.rate];
  const method = event.method === 'scheduler' ? 'scheduler' : 'eventBus';
  const unsupported =
    event.inputPath !== undefined
      ? 'inputPath'
      : event.inputTransformer !== undefined
        ? 'inputTransformer'
        : undefined;
  return rates.map((rate, index): ScheduleEventModel => {
    if (typeof rate !== 'string') throw new ServiceModelError(`${where}.rate[${index}] is not a string`);
    counter.n++;
    const input = scheduleInput(event.input);
    return {
      // Unnamed rules/schedules get generated names on AWS; these are stable and readable instead.
      name: typeof event.name === 'string' ? event.name : `${fn}-schedule-${counter.n}`,
      where,
      expression: rate,
      method,
      enabled: event.enabled !== false,
      timezone: typeof event.timezone === 'string' ? event.timezone : undefined,
      group: typeof event.groupName === 'string' ? event.groupName : undefined,
      input,
      unsupported,
    };
  });
}

export type { ScheduleEventModel };
export { readScheduleEvent };
