import type { Clock } from '../clock.js';
import type { LocalLogger } from '../logger.js';
import type { ScheduleMethod } from './schedule-payload.js';

/** One scheduled trigger, as in a serverless.yml `schedule` event. */
type LocalSchedule = {
  /** Rule or schedule name; used in its ARN. Unique per method. */
  name: string;
  /** `cron(min hour dom month dow year)` (EventBridge syntax) or `rate(N minute(s)|hour(s)|day(s))`. */
  expression: string;
  /** @defaultValue 'eventBus' (a scheduled rule, as Serverless Framework v3 defaults to) */
  method?: ScheduleMethod;
  /** IANA time zone for cron expressions; `scheduler` only (rules run in UTC). @defaultValue 'UTC' */
  timezone?: string;
  /** Constant input: JSON text, or a value to be JSON-encoded. Without it the default event is sent. */
  input?: unknown;
  /** Scheduler schedule group. @defaultValue 'default' */
  group?: string;
  /** @defaultValue true */
  enabled?: boolean;
};

/** Context of one firing, passed to the invoke callback next to the payload. */
type ScheduleTrigger = { schedule: LocalSchedule; arn: string; scheduledTime: Date; executionId: string };

type ScheduleRunnerOptions = {
  schedules: readonly LocalSchedule[];
  /** Deliver a payload, e.g. call the Lambda handler with it. Rejections are logged, not retried. */
  invoke: (payload: unknown, trigger: ScheduleTrigger) => Promise<unknown>;
  /** @defaultValue the system clock */
  clock?: Clock;
  /** @defaultValue 'us-east-1' */
  region?: string;
  /** @defaultValue '000000000000' (fauxqs' account) */
  accountId?: string;
  /** @defaultValue console */
  logger?: LocalLogger;
};

/** Result of one firing. */
type ScheduleFiredReport = ScheduleTrigger & { outcome: 'succeeded' | 'failed'; error?: Error };

export type { LocalSchedule, ScheduleFiredReport, ScheduleRunnerOptions, ScheduleTrigger };
