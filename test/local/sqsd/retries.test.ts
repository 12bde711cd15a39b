/**
 * docs/sqsd-behaviour.md#conformance-checklist items 6–10 and 17: failures, timeouts and retries; keep-alive
 * re-POST; stop(). Real SDK against fauxqs, real node:http app, loopback only.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/eventually.js';
import { closedPort, type RecordedRequest } from '../../helpers/recording-app.js';
import { useSqsdHarness } from '../../helpers/sqsd-harness.js';

const h = useSqsdHarness();

const count = (request: RecordedRequest | undefined) => request?.headers['x-aws-sqsd-receive-count'];
const bodyOf = (request: RecordedRequest) => request.body.toString('utf8');

describe('sqsd failures and retries', () => {
  it('6: 3xx/4xx/5xx do not delete; the message is receivable again after ErrorVisibilityTimeout', async () => {
    const q = await h.queue();
    const app = await h.app((request) =>
      count(request) === '1' ? { status: Number(bodyOf(request)) } : { status: 200 },
    );
    // VisibilityTimeout 300: a retry within seconds can only come from ErrorVisibilityTimeout.
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, errorVisibilityTimeout: 1 });
    for (const status of ['302', '404', '503']) await h.send(q.url, status);
    await eventually(() => (sqsd.stats().deleted === 3 ? true : undefined), { timeoutMs: 20_000 });
    for (const status of ['302', '404', '503']) {
      const [first, retry] = app.requests.filter((r) => bodyOf(r) === status);
      expect([count(first), count(retry)]).toEqual(['1', '2']);
      const waitedMs = (retry?.at ?? 0) - (first?.answeredAt ?? 0);
      expect(waitedMs).toBeGreaterThan(500);
      expect(waitedMs).toBeLessThan(15_000);
    }
    expect(sqsd.stats()).toMatchObject({ failed: 3, deleted: 3 });
  });

  it('7: with ErrorVisibilityTimeout=0 a failed message is receivable again at once', async () => {
    const q = await h.queue();
    const app = await h.app((request) => ({ status: count(request) === '1' ? 500 : 200 }));
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, errorVisibilityTimeout: 0 });
    await h.send(q.url, 'again');
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(app.requests.map(count)).toEqual(['1', '2']);
    expect((app.requests[1]?.at ?? 0) - (app.requests[0]?.answeredAt ?? 0)).toBeLessThan(5000);
  });

  it('8: a request without a response within InactivityTimeout is aborted; the message is not deleted', async () => {
    const q = await h.queue();
    const app = await h.app((request) => (count(request) === '1' ? 'hang' : { status: 200 }));
    const sqsd = await h.sqsd({
      queueUrl: q.url,
      appUrl: app.url,
      inactivityTimeout: 1,
      errorVisibilityTimeout: 0,
    });
    await h.send(q.url, 'slow');
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(app.requests.map(count)).toEqual(['1', '2']);
    expect(app.requests[0]?.abandoned).toBe(true);
    expect(sqsd.stats()).toMatchObject({ failed: 1, deleted: 1 });
    expect(sqsd.logger.entries.some((e) => e.message.includes('InactivityTimeout'))).toBe(true);
  });

  it('9: a refused connection does not delete; visibility is set to ErrorVisibilityTimeout', async () => {
    const q = await h.queue();
    const sqsd = await h.sqsd({
      queueUrl: q.url,
      appUrl: `http://127.0.0.1:${await closedPort()}`,
      errorVisibilityTimeout: 0,
    });
    await h.send(q.url, 'nobody home');
    // VisibilityTimeout is 300 s: three attempts within seconds prove the ErrorVisibilityTimeout change.
    await eventually(() => (sqsd.stats().failed >= 3 ? true : undefined));
    await sqsd.stop();
    expect(sqsd.stats().deleted).toBe(0);
    expect(await h.depth(q.url)).toBe(1);
    expect(sqsd.logger.entries.find((e) => e.message.startsWith('http-err:'))?.message).toMatch(
      /^http-err: \S+ \(1\) .*ECONNREFUSED.* - \d+\.\d{3}$/,
    );
  });

  it('10: ReceiveMessage uses the configured VisibilityTimeout, overriding the queue default', async () => {
    // Queue default 300 s, sqsd 1 s: the message comes back while the first POST is still running.
    const q = await h.queue({ visibilityTimeout: 300 });
    const app = await h.app((request) =>
      count(request) === '1' ? { status: 200, delayMs: 4000 } : { status: 200 },
    );
    const sqsd = await h.sqsd({
      queueUrl: q.url,
      appUrl: app.url,
      visibilityTimeout: 1,
      inactivityTimeout: 30,
    });
    const id = await h.send(q.url, 'long');
    await eventually(() => (app.requests.length >= 2 ? true : undefined));
    const [first, second] = app.requests;
    expect(second?.headers['x-aws-sqsd-msgid']).toBe(id);
    expect(count(second)).toBe('2');
    expect(first?.answeredAt).toBeUndefined(); // still running when the duplicate arrived
    expect(sqsd.logger.entries.some((e) => e.message.includes('inactivityTimeout is not below'))).toBe(true);
  });

  it('a keep-alive connection closed by the app before answering is re-POSTed at once, uncounted (2.0)', async () => {
    const q = await h.queue();
    let closedOne = false;
    const app = await h.app((request) => {
      if (!request.reusedSocket || closedOne) return { status: 200 };
      closedOne = true;
      return 'destroy';
    });
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, errorVisibilityTimeout: 300 });
    await h.send(q.url, 'first');
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    await h.send(q.url, 'second'); // goes out on the pooled connection, which the app then closes
    await eventually(() => (sqsd.stats().deleted === 2 ? true : undefined));
    expect(app.requests.map((r) => [bodyOf(r), r.reusedSocket, count(r)])).toEqual([
      ['first', false, '1'],
      ['second', true, '1'],
      ['second', false, '1'],
    ]);
    expect(sqsd.stats().failed).toBe(0);
  });

  it('17: the receive count header for one Msgid increases by 1 on every retry', async () => {
    const q = await h.queue();
    const app = await h.app((request) => ({ status: Number(count(request)) < 4 ? 503 : 200 }));
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, errorVisibilityTimeout: 0 });
    const id = await h.send(q.url, 'retry me');
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(app.requests.map((r) => r.headers['x-aws-sqsd-msgid'])).toEqual([id, id, id, id]);
    expect(app.requests.map(count)).toEqual(['1', '2', '3', '4']);
  });

  it('stop({ drain: true }) waits for in-flight POSTs and settles them', async () => {
    const q = await h.queue();
    const app = await h.app(() => ({ status: 200, delayMs: 800 }));
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url });
    await h.send(q.url, 'drain me');
    await eventually(() => (app.requests.length === 1 ? true : undefined));
    await sqsd.stop({ drain: true });
    expect(sqsd.stats()).toMatchObject({ deleted: 1, inFlight: 0 });
    expect(await h.depth(q.url)).toBe(0);
  });

  it('stop({ drain: false }) aborts in-flight POSTs and leaves their messages on the queue', async () => {
    const q = await h.queue();
    const app = await h.app(() => 'hang');
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url });
    await h.send(q.url, 'abandon me');
    await eventually(() => (app.requests.length === 1 ? true : undefined));
    await sqsd.stop({ drain: false });
    await eventually(() => (app.requests[0]?.abandoned ? true : undefined));
    expect(sqsd.stats()).toMatchObject({ deleted: 0, failed: 0, inFlight: 0 });
    expect(await h.depth(q.url)).toBe(1);
  });
});
