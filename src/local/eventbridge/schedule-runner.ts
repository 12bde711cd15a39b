import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { parseScheduleExpression, type ScheduleExpression } from '../../schedule/eventbridge-expression.js';
import { type Clock, createSystemClock, type TimerHandle } from '../clock.js';
import { LocalTierError } from '../local-tier-error.js';
import { consoleLogger, type LocalLogger } from '../logger.js';
import { buildSchedulePayload, ruleArn, scheduleArn } from './schedule-payload.js';
import type {
  LocalSchedule,
  ScheduleFiredReport,
  ScheduleRunnerOptions,
  ScheduleTrigger,
} from './schedule-types.js';

type Entry = {
  schedule: LocalSchedule;
  parsed: ScheduleExpression;
  arn: string;
  input?: string;
  next?: number;
};

// setTimeout cannot wait longer than 2^31-1 ms (~24.8 days); longer waits are chained.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Fires EventBridge schedules locally and hands the payload Lambda would receive to
 * `invoke`. Lambda's asynchronous retries and EventBridge delivery retries are not emulated.
 * Rates: a rule first fires one period after `start()`; a Scheduler schedule fires at once.
 */
class ScheduleRunner extends EventEmitter<{ fired: [report: ScheduleFiredReport] }> {
  readonly #options: ScheduleRunnerOptions;
  readonly #clock: Clock;
  readonly #logger: LocalLogger;
  readonly #entries: Entry[];
  readonly #timers = new Map<Entry, TimerHandle>();
  readonly #inFlight = new Set<Promise<void>>();

  /** Parses and validates every schedule; throws on the first invalid one. */
  constructor(options: ScheduleRunnerOptions) {
    super();
    this.#options = options;
    this.#clock = options.clock ?? createSystemClock();
    this.#logger = options.logger ?? consoleLogger;
    const region = options.region ?? 'us-east-1';
    const account = options.accountId ?? '000000000000';
    const arns = new Set<string>();
    this.#entries = options.schedules.map((schedule) => {
      const method = schedule.method ?? 'eventBus';
      try {
        if (method === 'eventBus' && schedule.timezone !== undefined) {
          throw new LocalTierError('timezone needs method "scheduler"; EventBridge rules run in UTC');
        }
        const timezone = schedule.timezone ?? 'UTC';
        new Intl.DateTimeFormat('en', { timeZone: timezone }); // throws RangeError on unknown zones
        const arn =
          method === 'scheduler'
            ? scheduleArn(region, account, schedule.name, schedule.group)
            : ruleArn(region, account, schedule.name);
        if (arns.has(arn)) throw new LocalTierError(`duplicate ${method} name`);
        arns.add(arn);
        const input =
          schedule.input === undefined || typeof schedule.input === 'string'
            ? schedule.input
            : JSON.stringify(schedule.input);
        const entry: Entry = {
          schedule,
          parsed: parseScheduleExpression(schedule.expression, timezone),
          arn,
          input,
        };
        this.#payload(entry, new Date(0), 'validation'); // fail now on input that is not JSON
        return entry;
      } catch (error) {
        throw new LocalTierError(
          `Invalid schedule "${schedule.name}" (${schedule.expression}): ${(error as Error).message}`,
          { cause: error },
        );
      }
    });
  }

  /** Arm every enabled schedule. */
  start(): void {
    const now = this.#clock.now();
    for (const entry of this.#entries) {
      if (entry.schedule.enabled === false || this.#timers.has(entry)) continue;
      const { parsed } = entry;
      if (parsed.kind === 'rate')
        entry.next = entry.schedule.method === 'scheduler' ? now : now + parsed.periodMs;
      else entry.next = parsed.next(new Date(now))?.getTime();
      this.#arm(entry);
    }
  }

  /** Disarm all timers; with `drain` (default) wait for running invocations. */
  async stop(options: { drain?: boolean } = {}): Promise<void> {
    for (const handle of this.#timers.values()) this.#clock.clearTimer(handle);
    this.#timers.clear();
    if (options.drain ?? true) await Promise.all(this.#inFlight);
  }

  /** Next planned fire time per schedule (undefined: disabled, stopped or never again). */
  nextFireTimes(): { name: string; arn: string; at: Date | undefined }[] {
    return this.#entries.map((entry) => ({
      name: entry.schedule.name,
      arn: entry.arn,
      at: this.#timers.has(entry) && entry.next !== undefined ? new Date(entry.next) : undefined,
    }));
  }

  /** Fire a schedule now (or as if at `scheduledTime`), outside its timetable. */
  trigger(name: string, scheduledTime: Date = new Date(this.#clock.now())): Promise<void> {
    const entry = this.#entries.find((e) => e.schedule.name === name);
    if (entry === undefined) return Promise.reject(new Error(`No schedule named "${name}"`));
    return this.#fire(entry, scheduledTime);
  }

  #arm(entry: Entry): void {
    if (entry.next === undefined) return;
    const target = entry.next;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, target - this.#clock.now()));
    const handle = this.#clock.setTimer(() => {
      if (this.#clock.now() < target) return this.#arm(entry); // a chained long wait
      const { parsed } = entry;
      entry.next =
        parsed.kind === 'rate' ? target + parsed.periodMs : parsed.next(new Date(target))?.getTime();
      this.#arm(entry);
      void this.#fire(entry, new Date(target));
    }, delay);
    this.#timers.set(entry, handle);
  }

  #payload(entry: Entry, scheduledTime: Date, executionId: string): unknown {
    return buildSchedulePayload({
      method: entry.schedule.method ?? 'eventBus',
      arn: entry.arn,
      region: this.#options.region ?? 'us-east-1',
      accountId: this.#options.accountId ?? '000000000000',
      scheduledTime,
      executionId,
      attemptNumber: 1,
      input: entry.input,
    });
  }

  #fire(entry: Entry, scheduledTime: Date): Promise<void> {
    const running = this.#run(entry, scheduledTime).finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
    return running;
  }

  /** Never rejects: failures are logged and reported through the `fired` event. */
  async #run(entry: Entry, scheduledTime: Date): Promise<void> {
    const trigger: ScheduleTrigger = {
      schedule: entry.schedule,
      arn: entry.arn,
      scheduledTime,
      executionId: randomUUID(),
    };
    let report: ScheduleFiredReport;
    try {
      await this.#options.invoke(this.#payload(entry, scheduledTime, trigger.executionId), trigger);
      report = { ...trigger, outcome: 'succeeded' };
    } catch (error) {
      const wrapped = error instanceof Error ? error : new Error(String(error), { cause: error });
      this.#logger.error('Scheduled invocation failed', {
        schedule: entry.schedule.name,
        scheduledTime: scheduledTime.toISOString(),
        error: wrapped.message,
      });
      report = { ...trigger, outcome: 'failed', error: wrapped };
    }
    try {
      this.emit('fired', report);
    } catch (error) {
      this.#logger.error('A "fired" listener threw', { schedule: entry.schedule.name, error });
    }
  }
}

export { ScheduleRunner };
