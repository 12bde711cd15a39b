/**
 * End to end: the local sqsd against OUR EB-compatible adapter (src/http/server.ts), fauxqs with a DLQ
 * through RedrivePolicy. What sqsd sends must be what the adapter expects, in both directions: it acks
 * valid messages with 200, refuses invalid ones with a 4xx (sqsd retries them until SQS moves them to
 * the DLQ), and runs periodic tasks from sqsd's headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkMessage } from '../../../src/core/message.js';
import { createRegistry, defineTask } from '../../../src/core/registry.js';
import { type RunningServer, startServer } from '../../../src/http/server.js';
import { createManualClock } from '../../../src/local/clock.js';
import { cleanupTask } from '../../../src/tasks/cleanup.js';
import { testTask } from '../../../src/tasks/test.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { eventually } from '../../helpers/eventually.js';
import { receive } from '../../helpers/queue-io.js';
import { useSqsdHarness } from '../../helpers/sqsd-harness.js';

const h = useSqsdHarness();

const seen: WorkMessage[] = [];
const capture = captureLogger();
const logs = capture.lines;
let adapter: RunningServer | undefined;

/** The real cleanup and test tasks, plus `record`, which keeps the message the adapter built from sqsd's POST. */
async function startAdapter(): Promise<RunningServer> {
  const record = defineTask({
    name: 'record',
    parse: (payload) => payload,
    run: async (_payload, { message }) => {
      seen.push(message);
    },
  });
  const server = await startServer({
    registry: createRegistry({ cleanup: cleanupTask, test: testTask, record }),
    log: capture.log,
    emitMetrics: () => {},
    service: 'worker-tier-sqsd-e2e',
    port: 0,
    periodicPaths: ['/cleanup'],
  });
  adapter = server;
  return server;
}

afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
  seen.length = 0;
  logs.length = 0;
});

describe('local sqsd → EB-compatible adapter', () => {
  it('a valid message is answered 200 and deleted; the adapter sees sqsd headers as message fields', async () => {
    const q = await h.queue({ maxReceiveCount: 3 });
    const server = await startAdapter();
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: server.url });
    const body = '{"type":"record","orderId":7}';
    const sentBefore = Date.now();
    const id = await h.send(q.url, body, {
      tenant: { DataType: 'String', StringValue: 'acme' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1]) },
    });
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(await h.depth(q.url)).toBe(0);
    expect(seen).toHaveLength(1);
    const [message] = seen;
    expect(message).toMatchObject({
      id,
      route: 'record',
      rawBody: body,
      receiveCount: 1,
      queue: q.name,
      source: 'json',
    });
    expect({ ...message?.attributes }).toEqual({ tenant: 'acme' });
    // Second precision on the wire: within a second of the send, either side.
    for (const time of [message?.sentAt, message?.firstReceivedAt]) {
      expect(Math.abs((time?.getTime() ?? 0) - sentBefore)).toBeLessThan(5000);
    }
  });

  it('an invalid message gets a 4xx, is retried after ErrorVisibilityTimeout and reaches the DLQ', async () => {
    const q = await h.queue({ maxReceiveCount: 3 });
    const server = await startAdapter();
    const started = performance.now();
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: server.url, errorVisibilityTimeout: 1 });
    const body = '{"type":"no_such_task"}';
    const id = await h.send(q.url, body);
    const dead = await eventually(async () => (await receive(h.client(), q.dlqUrl))[0], {
      timeoutMs: 20_000,
    });
    expect([dead.MessageId, dead.Body]).toEqual([id, body]);
    const errors = sqsd.logger.entries.filter((e) => e.message.startsWith(`http-err: ${id} `));
    expect(errors.map((e) => e.message.replace(/ - .*$/, ''))).toEqual(
      [1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^http-err: ${id} \\(${n}\\) 4\\d\\d$`))),
    );
    // Two waits of ErrorVisibilityTimeout (1 s) between the three attempts; far below VisibilityTimeout (300 s).
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(1500);
    expect(elapsed).toBeLessThan(30_000);
    expect(sqsd.stats()).toMatchObject({ failed: 3, deleted: 0 });
    expect(await h.depth(q.url)).toBe(0);
  });

  it('a cron entry runs the cleanup task from sqsd headers, answered 200', async () => {
    const q = await h.queue({ maxReceiveCount: 3 });
    const server = await startAdapter();
    const clock = createManualClock(new Date('2024-05-01T10:04:30Z'));
    const cron = [{ name: 'cleanup', url: '/cleanup', schedule: '*/5 * * * *' }];
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: server.url, cron, clock });
    clock.advanceTo(new Date('2024-05-01T10:05:00Z'));
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    const ran = logs.find((line) => line.message === 'cleanup: removing expired temporary data');
    // Scheduled-At → scheduledAt, Receive-Count → receiveCount, Taskname/path → the sqsd-periodic source.
    expect(ran).toMatchObject({
      scheduledAt: '2024-05-01T10:05:00.000Z',
      source: 'sqsd-periodic',
      receiveCount: 1,
    });
    expect(sqsd.logger.entries.map((e) => e.message)).toContain(`message: sent to ${server.url}/cleanup`);
    expect(sqsd.stats()).toMatchObject({ periodicEnqueued: 1, deleted: 1, failed: 0 });
    expect(await h.depth(q.url)).toBe(0);
  });
});
