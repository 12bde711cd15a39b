/**
 * docs/sqsd-behaviour.md#conformance-checklist items 1–5, 11, 12, 26 and 38: how messages are POSTed, and
 * which outcome deletes them. Real SDK against fauxqs, real node:http app, loopback only.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/eventually.js';
import type { RecordedRequest } from '../../helpers/recording-app.js';
import { useSqsdHarness } from '../../helpers/sqsd-harness.js';

const h = useSqsdHarness();

const bodyOf = (request: RecordedRequest) => request.body.toString('utf8');

describe('sqsd delivery', () => {
  it('1: every delivery is an HTTP POST', async () => {
    const q = await h.queue();
    const app = await h.app();
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url });
    await h.send(q.url, 'one');
    await h.send(q.url, 'two');
    await eventually(() => (sqsd.stats().deleted === 2 ? true : undefined));
    expect(app.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('2: normal messages go to HttpPath (default "/", or the configured path)', async () => {
    // Two queues: after stop(), fauxqs lets the aborted long poll take the next message (harness caveat).
    const [q1, q2] = [await h.queue(), await h.queue()];
    const app = await h.app();
    const byDefault = await h.sqsd({ queueUrl: q1.url, appUrl: app.url });
    await h.send(q1.url, 'default');
    await eventually(() => (byDefault.stats().deleted === 1 ? true : undefined));
    const configured = await h.sqsd({ queueUrl: q2.url, appUrl: app.url, httpPath: '/worker/queue?x=1' });
    await h.send(q2.url, 'configured');
    await eventually(() => (configured.stats().deleted === 1 ? true : undefined));
    expect(app.requests.map((r) => [bodyOf(r), r.url])).toEqual([
      ['default', '/'],
      ['configured', '/worker/queue?x=1'],
    ]);
  });

  it('3: the POST body is the SQS body byte for byte (no JSON re-encoding)', async () => {
    const q = await h.queue();
    const app = await h.app();
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url });
    // No astral characters: fauxqs rejects them (real SQS accepts #x10000-#x10FFFF).
    const body = '{ "b" :2,"a":[1 ,2], "text":"é€✓\\u0000" }\r\n\t<xml attr="x"/>  ';
    await h.send(q.url, body);
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(app.requests[0]?.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(app.requests[0]?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('4: a 200 response deletes the message', async () => {
    const q = await h.queue();
    const app = await h.app(() => ({ status: 200 }));
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url });
    await h.send(q.url, 'ok');
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(await h.depth(q.url)).toBe(0);
    expect(sqsd.stats()).toMatchObject({ received: 1, deleted: 1, failed: 0 });
  });

  it('5: 201, 202 and 204 do not delete the message', async () => {
    const q = await h.queue();
    const app = await h.app((request) => ({ status: Number(bodyOf(request)) }));
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, errorVisibilityTimeout: 300 });
    for (const status of ['201', '202', '204']) await h.send(q.url, status);
    await eventually(() => (sqsd.stats().failed === 3 ? true : undefined));
    await sqsd.stop();
    expect(sqsd.stats()).toMatchObject({ deleted: 0, failed: 3 });
    expect(await h.depth(q.url)).toBe(3);
  });

  it('11: the response body is ignored; only the status decides', async () => {
    const q = await h.queue();
    const app = await h.app((request) =>
      bodyOf(request) === 'A' ? { status: 200, body: '{"error":"failed"}' } : { status: 500, body: 'OK' },
    );
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, errorVisibilityTimeout: 300 });
    await h.send(q.url, 'A');
    await h.send(q.url, 'B');
    await eventually(() => (sqsd.stats().deleted + sqsd.stats().failed === 2 ? true : undefined));
    expect(sqsd.stats()).toMatchObject({ deleted: 1, failed: 1 });
    expect(await h.depth(q.url)).toBe(1);
  });

  it('12: no more than HttpConnections POSTs are in flight at once', async () => {
    const q = await h.queue();
    const app = await h.app(() => ({ status: 200, delayMs: 300 }));
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, httpConnections: 3 });
    for (let index = 0; index < 12; index++) await h.send(q.url, `m${index}`);
    await eventually(() => (sqsd.stats().deleted === 12 ? true : undefined));
    expect(app.maxOpen()).toBeLessThanOrEqual(3);
    expect(app.maxOpen()).toBeGreaterThanOrEqual(2);
  });

  it('26: a message first received more than RetentionPeriod ago is deleted without a POST', async () => {
    const q = await h.queue();
    const app = await h.app();
    // fauxqs stamps ApproximateFirstReceiveTimestamp itself; the daemon's clock is 61 s ahead instead.
    const ahead = { now: () => Date.now() + 61_000, setTimer: () => ({ id: 0 }), clearTimer: () => {} };
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, retentionPeriod: 60, clock: ahead });
    await h.send(q.url, 'stale');
    await eventually(() => (sqsd.stats().expired === 1 ? true : undefined));
    expect(app.requests).toHaveLength(0);
    expect(await h.depth(q.url)).toBe(0);
    expect(sqsd.logger.entries.some((e) => e.message.startsWith('expired-msg: '))).toBe(true);
  });

  it('26 (control): a message younger than RetentionPeriod is POSTed', async () => {
    const q = await h.queue();
    const app = await h.app();
    const behind = { now: () => Date.now() + 50_000, setTimer: () => ({ id: 0 }), clearTimer: () => {} };
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, retentionPeriod: 60, clock: behind });
    await h.send(q.url, 'fresh');
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(sqsd.stats().expired).toBe(0);
    expect(app.requests).toHaveLength(1);
  });

  it('38: an SNS envelope (raw delivery off) is POSTed as is, not unwrapped', async () => {
    const q = await h.queue();
    const app = await h.app();
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url });
    const { readFile } = await import('node:fs/promises');
    const envelope = await readFile(
      new URL('../../fixtures/aws/sns-notification-envelope.json', import.meta.url),
      'utf8',
    );
    await h.send(q.url, envelope);
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    const posted = app.requests[0];
    expect(posted && bodyOf(posted)).toBe(envelope);
    expect(JSON.parse(posted ? bodyOf(posted) : '{}')).toMatchObject({
      Type: 'Notification',
      Message: 'Hello world!',
    });
  });
});
