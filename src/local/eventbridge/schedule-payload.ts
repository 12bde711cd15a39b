import { randomUUID } from 'node:crypto';
import { LocalTierError } from '../local-tier-error.js';

/** Which EventBridge feature delivers the schedule (serverless.yml `schedule.method`). */
type ScheduleMethod = 'eventBus' | 'scheduler';

/** What the payload builder needs to know about one firing. */
type ScheduleFiring = {
  method: ScheduleMethod;
  /** ARN of the rule (`eventBus`) or schedule (`scheduler`). */
  arn: string;
  region: string;
  accountId: string;
  /** Planned fire time (not the moment the timer actually ran). */
  scheduledTime: Date;
  /** Constant input as JSON text, or undefined for the default event. */
  input?: string;
  /** Scheduler execution id; a fresh UUID per firing. */
  executionId: string;
  /** Scheduler delivery attempt, 1 for the first. */
  attemptNumber: number;
};

/** `2026-11-27T13:00:00Z`: EventBridge times carry no milliseconds. */
function eventTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** ARN of a Scheduler schedule in its group. */
function scheduleArn(region: string, accountId: string, name: string, group = 'default'): string {
  return `arn:aws:scheduler:${region}:${accountId}:schedule/${group}/${name}`;
}

/** ARN of an EventBridge rule on the default bus. */
function ruleArn(region: string, accountId: string, name: string): string {
  return `arn:aws:events:${region}:${accountId}:rule/${name}`;
}

/**
 * Scheduler replaces these context attributes inside `input` at run time
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
 * Rules do no substitution.
 */
function substituteSchedulerPlaceholders(input: string, firing: ScheduleFiring): string {
  const values: Record<string, string> = {
    '<aws.scheduler.schedule-arn>': firing.arn,
    '<aws.scheduler.scheduled-time>': eventTime(firing.scheduledTime),
    '<aws.scheduler.execution-id>': firing.executionId,
    '<aws.scheduler.attempt-number>': String(firing.attemptNumber),
  };
  return input.replace(/<aws\.scheduler\.[a-z-]+>/g, (placeholder) => values[placeholder] ?? placeholder);
}

/**
 * The event Lambda receives for one firing:
 * - with `input`: exactly that JSON (Scheduler substitutes its placeholders first);
 * - `scheduler` without input: Scheduler's default notification, whose `detail` is the
 *   STRING `"{}"` and `source` is `aws.scheduler`;
 * - `eventBus` without input: the scheduled rule event (`source: aws.events`, `detail: {}`).
 */
function buildSchedulePayload(firing: ScheduleFiring): unknown {
  if (firing.input !== undefined) {
    const text =
      firing.method === 'scheduler' ? substituteSchedulerPlaceholders(firing.input, firing) : firing.input;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new LocalTierError(`Schedule ${firing.arn}: input is not valid JSON after substitution`, {
        cause: error,
      });
    }
  }
  const common = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
  };
  if (firing.method === 'scheduler') {
    return {
      ...common,
      source: 'aws.scheduler',
      account: firing.accountId,
      time: eventTime(firing.scheduledTime),
      region: firing.region,
      resources: [firing.arn],
      detail: '{}',
    };
  }
  return {
    ...common,
    source: 'aws.events',
    account: firing.accountId,
    time: eventTime(firing.scheduledTime),
    region: firing.region,
    resources: [firing.arn],
    detail: {},
  };
}

export type { ScheduleFiring, ScheduleMethod };
export { buildSchedulePayload, eventTime, ruleArn, scheduleArn };
