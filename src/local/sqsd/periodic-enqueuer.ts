import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SQSD_PATH, SQSD_PERIODIC_BODY, SQSD_SCHEDULED_TIME, SQSD_TASK_NAME } from '../../core/attributes.js';
import { toSqsdScheduledTime } from '../../core/times.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { LocalLogger } from '../logger.js';
import type { CompiledCronEntry } from './cron-yaml.js';
import { CANDIDATE_CHECK_MS, type CronLease, LEADER_HEARTBEAT_MS, RESEND_GRACE_MS } from './lease.js';

/**
 * The literal body of every periodic-task message (docs/sqsd-behaviour.md#periodic-delivery); one constant
 * shared with the core.
 */
const SCHEDULED_JOB_BODY = SQSD_PERIODIC_BODY;

// setTimeout cannot wait longer than 2^31-1 ms (~24.8 days); longer waits are chained.
const MAX_TIMER_MS = 2 ** 31 - 1;

type PeriodicEnqueuerOptions = {
  client: SQSClient;
  queueUrl: string;
  entries: readonly CompiledCronEntry[];
  clock: Clock;
  logger: LocalLogger;
  lease: CronLease;
  instanceId: string;
};

/**
 * sqsd's cron side (docs/sqsd-behaviour.md#leader-election, #periodic-delivery): at each fire time the lease
 * holder sends one message per due task to the worker queue; any runner then POSTs it like a normal message.
 * Time comes from the injected clock, so tests move through fire times without waiting.
 */
class PeriodicEnqueuer {
  readonly #options: PeriodicEnqueuerOptions;
  readonly #timers = new Map<CompiledCronEntry | 'heartbeat', TimerHandle>();
  readonly #sending = new Set<Promise<void>>();
  #leader = false;
  #running = false;
  enqueued = 0;

  constructor(options: PeriodicEnqueuerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#heartbeat();
    const now = this.#options.clock.now();
    for (const entry of this.#options.entries) this.#arm(entry, entry.compiled.next(new Date(now)));
  }

  /** Disarm timers, give the lease up, and wait for sends already under way. */
  async stop(): Promise<void> {
    this.#running = false;
    for (const handle of this.#timers.values()) this.#options.clock.clearTimer(handle);
    this.#timers.clear();
    this.#options.lease.release(this.#options.instanceId);
    this.#leader = false;
    await Promise.all(this.#sending);
  }

  /**
   * The leader renews every 5 s, the others try every 1 s, as sqsd 2.0 does
   * (docs/sqsd-behaviour.md#leader-election).
   */
  #heartbeat(): void {
    if (!this.#running) return;
    const { lease, clock, instanceId, logger } = this.#options;
    const now = clock.now();
    const wasLeader = this.#leader;
    this.#leader = lease.acquire(instanceId, now);
    if (this.#leader && !wasLeader) {
      logger.info('cron: this runner is now the leader and enqueues periodic tasks', { instanceId });
      this.#fillHoles(now);
    }
    const delay = this.#leader ? LEADER_HEARTBEAT_MS : CANDIDATE_CHECK_MS;
    this.#timers.set(
      'heartbeat',
      clock.setTimer(() => this.#heartbeat(), delay),
    );
  }

  /**
   * 2.0 "hole detection" (docs/sqsd-behaviour.md#leader-election): a new leader re-sends a task's last firing
   * when an earlier leader recorded an older one and the missed firing is under 5 minutes old. A task nobody
   * ever enqueued (a fresh start) is not back-filled.
   */
  #fillHoles(now: number): void {
    for (const entry of this.#options.entries) {
      // +1 ms: a firing due this very millisecond, skipped a moment ago by a non-leader, counts as missed.
      const missed = entry.compiled.previous(new Date(now + 1))?.getTime();
      const last = this.#options.lease.lastScheduled(entry.name);
      if (missed === undefined || last === undefined || last >= missed) continue;
      if (now - missed <= RESEND_GRACE_MS) this.#fire(entry, missed);
    }
  }

  #arm(entry: CompiledCronEntry, at: Date | undefined): void {
    if (!this.#running || at === undefined) return;
    const target = at.getTime();
    const { clock } = this.#options;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, target - clock.now()));
    const handle = clock.setTimer(() => {
      if (clock.now() < target) return this.#arm(entry, at); // a chained long wait
      this.#arm(entry, entry.compiled.next(at));
      this.#fire(entry, target);
    }, delay);
    this.#timers.set(entry, handle);
  }

  /** Non-leaders skip: the lease's conditional claim lets exactly one runner send each firing. */
  #fire(entry: CompiledCronEntry, scheduledAt: number): void {
    const { lease, instanceId, clock } = this.#options;
    if (!lease.claim(instanceId, entry.name, scheduledAt, clock.now())) return;
    const sending = this.#send(entry, new Date(scheduledAt)).finally(() => this.#sending.delete(sending));
    this.#sending.add(sending);
  }

  async #send(entry: CompiledCronEntry, scheduledAt: Date): Promise<void> {
    const { client, queueUrl, logger, lease, instanceId } = this.#options;
    const scheduledTime = toSqsdScheduledTime(scheduledAt);
    try {
      // No MessageGroupId: periodic tasks are not supported on FIFO queues
      // (docs/sqsd-behaviour.md#periodic-delivery).
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: SCHEDULED_JOB_BODY,
          MessageAttributes: {
            [SQSD_PATH]: { DataType: 'String', StringValue: entry.url },
            [SQSD_TASK_NAME]: { DataType: 'String', StringValue: entry.name },
            [SQSD_SCHEDULED_TIME]: { DataType: 'String', StringValue: scheduledTime },
          },
        }),
      );
      this.enqueued++;
      logger.info(`cron: enqueued periodic task ${entry.name}`, {
        task: entry.name,
        url: entry.url,
        scheduledTime,
      });
    } catch (error) {
      // 2.0 demotes a leader whose send fails; another runner (if any) takes the next firing.
      lease.release(instanceId);
      this.#leader = false;
      logger.error(`cron: cannot enqueue periodic task ${entry.name}; this firing is lost`, {
        task: entry.name,
        scheduledTime,
        queueUrl,
        error,
      });
    }
  }
}

export { PeriodicEnqueuer, SCHEDULED_JOB_BODY };
