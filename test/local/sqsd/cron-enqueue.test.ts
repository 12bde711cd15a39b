/**
 * docs/sqsd-behaviour.md#leader-election and #conformance-checklist items 28–32: periodic tasks enqueued on
 * an injected clock, with a shared lease.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../src/local/clock.js';
import { compileCronEntries } from '../../../src/local/sqsd/cron-yaml.js';
import { type CronLease, createCronLease } from '../../../src/local/sqsd/index.js';
import { PeriodicEnqueuer } from '../../../src/local/sqsd/periodic-enqueuer.js';
import { recordingLogger } from '../../helpers/capture-logger.js';
import { eventually } from '../../helpers/eventually.js';
import { useSqsdHarness } from '../../helpers/sqsd-harness.js';

const h = useSqsdHarness();
const at = (iso: string) => new Date(iso).getTime();

const attr = (message: Message | undefined, name: string) => message?.MessageAttributes?.[name]?.StringValue;

function enqueuer(
  queueUrl: string,
  clock: ManualClock,
  lease: CronLease,
  id: string,
  schedule = '*/5 * * * *',
) {
  const logger = recordingLogger();
  const entries = compileCronEntries([{ name: 'cleanup', url: '/tasks/cleanup', schedule }], 'test', logger);
  return new PeriodicEnqueuer({
    client: h.client(),
    queueUrl,
    entries,
    clock,
    logger,
    lease,
    instanceId: id,
  });
}

describe('cron enqueuing', () => {
  it('28: schedules are evaluated in UTC whatever the process time zone, at second 00', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata'; // UTC+05:30: a local-time reading would fire 5.5 h off
    try {
      expect(new Date(at('2024-05-01T22:59:30Z')).getHours()).toBe(4);
      const q = await h.queue();
      const clock = createManualClock(new Date('2024-05-01T22:59:30Z'));
      const runner = enqueuer(q.url, clock, createCronLease(), 'a', '0 23 * * *');
      runner.start();
      clock.advanceTo(at('2024-05-01T22:59:59.999Z'));
      expect(runner.enqueued).toBe(0);
      clock.advanceTo(at('2024-05-01T23:00:00Z'));
      await eventually(() => (runner.enqueued === 1 ? true : undefined));
      await runner.stop();
      const [message] = await h.drainQueue(q.url);
      expect(attr(message, 'beanstalk.sqsd.scheduled_time')).toBe('2024-05-01 23:00:00 UTC');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('29: each firing enqueues exactly one message: the literal body and three String attributes', async () => {
    const q = await h.queue();
    const clock = createManualClock(new Date('2024-05-01T10:04:30Z'));
    const runner = enqueuer(q.url, clock, createCronLease(), 'a');
    runner.start();
    clock.advanceTo(at('2024-05-01T10:09:59Z'));
    await eventually(() => (runner.enqueued === 1 ? true : undefined));
    const first = await h.drainQueue(q.url);
    expect(first).toHaveLength(1);
    expect(first[0]?.Body).toBe('elasticbeanstalk scheduled job');
    expect(first[0]?.MessageAttributes).toEqual({
      'beanstalk.sqsd.path': { DataType: 'String', StringValue: '/tasks/cleanup' },
      'beanstalk.sqsd.task_name': { DataType: 'String', StringValue: 'cleanup' },
      'beanstalk.sqsd.scheduled_time': { DataType: 'String', StringValue: '2024-05-01 10:05:00 UTC' },
    });
    clock.advanceTo(at('2024-05-01T10:10:00Z'));
    await eventually(() => (runner.enqueued === 2 ? true : undefined));
    await runner.stop();
    expect((await h.drainQueue(q.url)).map((m) => attr(m, 'beanstalk.sqsd.scheduled_time'))).toEqual([
      '2024-05-01 10:10:00 UTC',
    ]);
  });

  it('30: scheduled_time is "YYYY-MM-DD HH:MM:SS UTC" of the fire time, seconds 00', async () => {
    const q = await h.queue();
    const clock = createManualClock(new Date('2024-12-31T23:58:17.250Z'));
    const runner = enqueuer(q.url, clock, createCronLease(), 'a', '* * * * *');
    runner.start();
    clock.advanceTo(at('2025-01-01T00:00:30Z'));
    await eventually(() => (runner.enqueued === 2 ? true : undefined));
    await runner.stop();
    const times = (await h.drainQueue(q.url)).map((m) => attr(m, 'beanstalk.sqsd.scheduled_time')).sort();
    expect(times).toEqual(['2024-12-31 23:59:00 UTC', '2025-01-01 00:00:00 UTC']);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:00 UTC$/);
  });

  it('31: with N runners sharing one lease, each firing is enqueued once, by the holder only', async () => {
    const q = await h.queue();
    const clock = createManualClock(new Date('2024-05-01T10:04:30Z'));
    const lease = createCronLease();
    // 'c' holds the lease while 'a' and 'b' arm their timers first, so non-holders fire before the holder.
    lease.acquire('c', clock.now());
    const runners = ['a', 'b', 'c'].map((id) => enqueuer(q.url, clock, lease, id));
    for (const runner of runners) runner.start();
    clock.advanceTo(at('2024-05-01T10:15:00Z'));
    await eventually(() => (runners[2]?.enqueued === 3 ? true : undefined));
    expect(lease.holder(clock.now())).toBe('c');
    expect(runners.map((r) => r.enqueued)).toEqual([0, 0, 3]);
    for (const runner of runners) await runner.stop();
    expect((await h.drainQueue(q.url)).map((m) => attr(m, 'beanstalk.sqsd.scheduled_time')).sort()).toEqual([
      '2024-05-01 10:05:00 UTC',
      '2024-05-01 10:10:00 UTC',
      '2024-05-01 10:15:00 UTC',
    ]);
  });

  it('32: when the holder stops heartbeating, another runner takes over within ~10 s', async () => {
    const q = await h.queue();
    const clock = createManualClock(new Date('2024-05-01T10:04:30Z'));
    const lease = createCronLease();
    expect(lease.acquire('crashed', clock.now())).toBe(true); // a runner that dies and never renews
    const survivor = enqueuer(q.url, clock, lease, 'survivor');
    survivor.start();
    clock.advance(9_000);
    expect(lease.holder(clock.now())).toBe('crashed');
    clock.advance(2_000);
    expect(lease.holder(clock.now())).toBe('survivor');
    clock.advanceTo(at('2024-05-01T10:05:00Z'));
    await eventually(() => (survivor.enqueued === 1 ? true : undefined));
    await survivor.stop();
  });

  it('32: a stopped holder hands over at once; the new leader re-sends a firing missed in between', async () => {
    const q = await h.queue();
    const clock = createManualClock(new Date('2024-05-01T10:04:55Z'));
    const lease = createCronLease();
    // A leader that enqueued 10:00 and died at 10:04:55: its lease runs to 10:05:05, past the 10:05 firing.
    lease.acquire('crashed', clock.now());
    expect(lease.claim('crashed', 'cleanup', at('2024-05-01T10:00:00Z'), clock.now())).toBe(true);
    const [b, c] = [enqueuer(q.url, clock, lease, 'b'), enqueuer(q.url, clock, lease, 'c')];
    b.start();
    c.start();
    clock.advanceTo(at('2024-05-01T10:05:10Z'));
    await eventually(() => (b.enqueued === 1 ? true : undefined));
    expect((await h.drainQueue(q.url)).map((m) => attr(m, 'beanstalk.sqsd.scheduled_time'))).toEqual([
      '2024-05-01 10:05:00 UTC',
    ]);
    await b.stop();
    clock.advance(1_000);
    expect(lease.holder(clock.now())).toBe('c');
    await c.stop();
    expect(c.enqueued).toBe(0);
  });
});
