/**
 * An in-process stand-in for EB's `AWSEBWorkerCronLeaderRegistry` DynamoDB table
 * (docs/sqsd-behaviour.md#leader-election): one leader record with an expiry, and one record per task holding
 * the last enqueued scheduled time. Share one lease between several runners of the same queue (in one
 * process) and each firing is enqueued once, by the holder. Runners in different processes cannot share it:
 * they would each enqueue, as two EB environments on one queue do (docs/sqsd-behaviour.md#leader-election).
 */
type CronLease = {
  /** How long a grant lasts without renewal (2.0 `leadership_validity_period`: 10 s [S]). */
  readonly validityMs: number;
  /** Take the lease if it is free or expired, or renew it if `holder` has it. True when `holder` holds it. */
  acquire(holder: string, now: number): boolean;
  /** The current holder, or undefined when the lease is free or expired. */
  holder(now: number): string | undefined;
  /**
   * Record that `holder` enqueues `task`'s firing at `scheduledAt`. A conditional write, like 2.0's per-task
   * item [S]: refused unless `holder` holds a valid lease and no firing at or after `scheduledAt` is recorded.
   */
  claim(holder: string, task: string, scheduledAt: number, now: number): boolean;
  /** The last scheduled time recorded for `task`. */
  lastScheduled(task: string): number | undefined;
  /** Give the lease up at once if `holder` has it (graceful stop), so another runner need not wait it out. */
  release(holder: string): void;
};

/** 2.0 lease timing (docs/sqsd-behaviour.md#leader-election). */
const LEASE_VALIDITY_MS = 10_000;
/** The leader renews every 5 s; the others try every 1 s [S]. */
const LEADER_HEARTBEAT_MS = 5_000;
const CANDIDATE_CHECK_MS = 1_000;
/** A new leader re-sends a firing missed during failover if it is at most this old (docs/sqsd-behaviour.md#leader-election). */
const RESEND_GRACE_MS = 300_000;

function createCronLease(options: { validityMs?: number } = {}): CronLease {
  const validityMs = options.validityMs ?? LEASE_VALIDITY_MS;
  if (!Number.isFinite(validityMs) || validityMs <= 0) {
    throw new RangeError(`cron lease validityMs must be positive, got ${validityMs}`);
  }
  let leader: { id: string; expiresAt: number } | undefined;
  const scheduled = new Map<string, number>();
  const holder = (now: number): string | undefined =>
    leader !== undefined && leader.expiresAt > now ? leader.id : undefined;
  return {
    validityMs,
    acquire(id, now) {
      const current = holder(now);
      if (current !== undefined && current !== id) return false;
      leader = { id, expiresAt: now + validityMs };
      return true;
    },
    holder,
    claim(id, task, scheduledAt, now) {
      if (holder(now) !== id) return false;
      const last = scheduled.get(task);
      if (last !== undefined && last >= scheduledAt) return false;
      scheduled.set(task, scheduledAt);
      return true;
    },
    lastScheduled: (task) => scheduled.get(task),
    release(id) {
      if (leader?.id === id) leader = undefined;
    },
  };
}

export type { CronLease };
export { CANDIDATE_CHECK_MS, createCronLease, LEADER_HEARTBEAT_MS, RESEND_GRACE_MS };
