import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryableError } from '../../src/core/errors.js';
import { type Harness, send, startHarness } from '../helpers/http-harness.js';
import { appRegistryWith, testOnlyTask } from '../helpers/registries.js';

/**
 * Headers sqsd sends with every normal message (docs/sqsd-behaviour.md#request-headers), for a message the
 * test names.
 */
const sqsdHeaders = (msgid: string, extra: Record<string, string> = {}) => ({
  'User-Agent': 'aws-sqsd/3.0.4',
  'Content-Type': 'application/json',
  'X-Aws-Sqsd-Msgid': msgid,
  'X-Aws-Sqsd-Queue': 'awseb-e-n23e8zdd3w-stack-AWSEBWorkerQueue-1QZHOZ650P0J0',
  'X-Aws-Sqsd-Receive-Count': '1',
  'X-Aws-Sqsd-First-Received-At': '2026-11-27T12:00:01Z',
  'X-Aws-Sqsd-Sent-At': '2026-11-27T12:00:00Z',
  'X-Aws-Sqsd-Sender-Id': 'AROA2XEFXCLXVWYXRGF4D:i-07f157f85fb97a241',
  'X-Aws-Sqsd-Path': '/',
  ...extra,
});

/** A stack trace line as V8 prints it. */
const STACK_LINE = /\n\s+at\s/;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.server.close();
});

describe('health and routing', () => {
  it('answers GET / with the EB sample text', async () => {
    const reply = await send(h.server.url, { method: 'GET' });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('Worker Environment is running!');
  });

  it.each([
    ['GET', '/favicon.ico'],
    ['POST', '/wp-login.php'],
    ['POST', '/audit'],
  ])('answers %s %s with 404 and a JSON error', async (method, path) => {
    const reply = await send(h.server.url, { method, path, body: method === 'POST' ? '{}' : '' });
    expect(reply.status).toBe(404);
    expect(reply.json()).toMatchObject({ error: 'NotFound' });
  });

  it('refuses a queue message (it has a Msgid) sent to a path other than HttpPath', async () => {
    const reply = await send(h.server.url, {
      path: '/cleanup',
      headers: sqsdHeaders('m-wrong-path'),
      body: '{"type":"test"}',
    });
    expect(reply.status).toBe(404);
  });

  it.each([
    '/../../cleanup',
    '/./cleanup',
    '//cleanup',
    '//cleanup?x=1',
    '/cleanup?x=1',
    '/cleanup#x',
    '/anything/cleanup',
    '/cleanup/now',
    '/cleanup//',
    '/CLEANUP',
    '/%63leanup',
    '/cleanup%2f',
    '//',
    '/?x=1',
    '/.',
  ])('runs nothing for POST %s: only HttpPath and the exact periodic paths are routes', async (path) => {
    const before = h.metrics.length;
    const plain = await send(h.server.url, { path, body: '{"type":"test"}' });
    const periodic = await send(h.server.url, {
      path,
      headers: { 'X-Aws-Sqsd-Taskname': 'cleanup', 'X-Aws-Sqsd-Scheduled-At': '2026-11-27T02:00:00Z' },
    });
    for (const reply of [plain, periodic]) {
      expect(reply.status).toBe(404);
      expect(reply.json()).toMatchObject({ error: 'NotFound' });
    }
    // Nothing ran: a run of any outcome emits metrics.
    expect(h.metrics.length).toBe(before);
  });

  it('routes a POST to HttpPath with one trailing slash, and nothing looser', async () => {
    const worker = await startHarness({ httpPath: '/worker', periodicPaths: [] });
    try {
      expect((await send(worker.server.url, { path: '/worker', body: '{"type":"test"}' })).status).toBe(200);
      expect((await send(worker.server.url, { path: '/worker/', body: '{"type":"test"}' })).status).toBe(200);
      for (const path of ['/', '/worker//', '/x/worker', '/worker?x=1', '//worker', '/cleanup']) {
        expect((await send(worker.server.url, { path, body: '{"type":"test"}' })).status).toBe(404);
      }
    } finally {
      await worker.server.close();
    }
  });

  it('matches a cron.yaml url written with a trailing slash whether or not the POST has one', async () => {
    const slashed = await startHarness({ periodicPaths: ['/record/'] });
    try {
      for (const path of ['/record', '/record/']) {
        const reply = await send(slashed.server.url, { path });
        expect(reply.status).toBe(200);
        expect(reply.json()).toMatchObject({ status: 'ok', task: 'record' });
      }
    } finally {
      await slashed.server.close();
    }
  });

  it('runs a periodic task POSTed to HttpPath itself by its Taskname (a cron.yaml url of /)', async () => {
    const reply = await send(h.server.url, {
      path: '/',
      headers: { 'X-Aws-Sqsd-Taskname': 'reports', 'X-Aws-Sqsd-Scheduled-At': '2026-11-27T02:00:00Z' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ status: 'ok', task: 'reports' });
  });

  it('answers other methods with 405 and an Allow header', async () => {
    const reply = await send(h.server.url, { method: 'PUT', body: '{"type":"test"}' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD, POST');
  });
});

describe('normal messages', () => {
  it('answers 200 to the EB smoke test message and emits the same EMF metrics as Lambda', async () => {
    const before = h.metrics.length;
    const reply = await send(h.server.url, {
      headers: sqsdHeaders('m-smoke'),
      body: '{"type":"test","data":"Hello Worker!"}',
    });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok', messageId: 'm-smoke', task: 'test' });
    expect(h.metrics.slice(before)).toEqual([
      expect.objectContaining({
        Service: 'worker-tier-test',
        Task: 'test',
        Processed: 1,
        Failed: 0,
        DeadLettered: 0,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [expect.objectContaining({ Namespace: 'WorkerTier' })],
        }),
      }),
    ]);
  });

  it("quotes a Msgid with JSON's special characters in its reply, so the reply still parses", async () => {
    const msgid = 'm-"quoted"\\back\tslash';
    const reply = await send(h.server.url, { headers: sqsdHeaders(msgid), body: '{"type":"test"}' });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok', messageId: msgid, task: 'test' });
  });

  it('hands the task the headers as message fields and attributes', async () => {
    const reply = await send(h.server.url, {
      headers: sqsdHeaders('m-fields', {
        'X-Aws-Sqsd-Receive-Count': '7',
        'X-Aws-Sqsd-Attr-tenantId': 'acme',
      }),
      body: '{"type":"record","n":1}',
    });
    expect(reply.status).toBe(200);
    const { message } = h.seen.find((entry) => entry.message.id === 'm-fields') ?? {};
    expect(message).toMatchObject({
      route: 'record',
      receiveCount: 7,
      queue: 'awseb-e-n23e8zdd3w-stack-AWSEBWorkerQueue-1QZHOZ650P0J0',
      sentAt: new Date('2026-11-27T12:00:00Z'),
      firstReceivedAt: new Date('2026-11-27T12:00:01Z'),
      source: 'json',
      payload: { type: 'record', n: 1 },
    });
    expect({ ...message?.attributes }).toEqual({ tenantId: 'acme' });
  });

  it('works for a caller that sends no sqsd headers: generated id, receive count 1', async () => {
    const reply = await send(h.server.url, { body: '{"type":"record","n":2}' });
    expect(reply.status).toBe(200);
    const id = reply.json().messageId as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const { message } = h.seen.find((entry) => entry.message.id === id) ?? {};
    expect(message?.receiveCount).toBe(1);
  });

  it('unwraps an SNS envelope body', async () => {
    const envelope = JSON.stringify({
      Type: 'Notification',
      MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:worker-events',
      Message: '{"type":"record","via":"sns"}',
      Timestamp: '2026-11-27T12:00:00.000Z',
      SignatureVersion: '1',
    });
    const reply = await send(h.server.url, { headers: sqsdHeaders('m-sns'), body: envelope });
    expect(reply.status).toBe(200);
    const { message } = h.seen.find((entry) => entry.message.id === 'm-sns') ?? {};
    expect(message).toMatchObject({
      via: ['sns'],
      payload: { type: 'record', via: 'sns' },
      rawBody: envelope,
    });
  });

  it.each([
    ['application/json', '{"type":"record","é":"ü"}', {}],
    ['application/json; charset=utf-8', '  {"type" : "record"}\n', {}],
    ['text/plain', 'plain text, routed by attribute', { 'X-Aws-Sqsd-Attr-type': 'record' }],
    ['application/x-www-form-urlencoded', 'a=1&b=two+words', { 'X-Aws-Sqsd-Attr-type': 'record' }],
    ['application/xml', '<order id="7"><sku>X</sku></order>', { 'X-Aws-Sqsd-Attr-type': 'record' }],
    ['application/vnd.acme+json', '{"type":"record"}', {}],
    // A byte-order mark from a Windows tool is part of the message: the core decides what it means.
    ['text/plain; charset=utf-8', '\ufeffplain text saved with a BOM', { 'X-Aws-Sqsd-Attr-type': 'record' }],
  ])('passes a %s body through byte for byte', async (contentType, body, extra) => {
    const msgid = `m-mime-${contentType}`;
    const reply = await send(h.server.url, {
      headers: sqsdHeaders(msgid, { 'Content-Type': contentType, ...extra }),
      body,
    });
    expect(reply.status).toBe(200);
    expect(h.seen.find((entry) => entry.message.id === msgid)?.message.rawBody).toBe(body);
  });
});

describe('bodies that are not UTF-8', () => {
  it.each([
    ['a lone continuation byte', Buffer.from([0x7b, 0x80, 0x7d])],
    ['a truncated sequence', Buffer.from('{"type":"test","data":"\xe2\x82"}', 'latin1')],
    ['an overlong encoding', Buffer.from([0x7b, 0xc0, 0xaf, 0x7d])],
    ['a UTF-16 surrogate', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])],
    ['Latin-1 text', Buffer.from('{"type":"test","data":"café"}', 'latin1')],
  ])('refuses %s with 422 MalformedMessageError, runs nothing and never dead-letters', async (_, body) => {
    const withDlq = await startHarness({ withDeadLetter: true });
    try {
      const agent = keepAlivePool();
      const reply = await send(withDlq.server.url, {
        agent,
        headers: { ...sqsdHeaders('m-not-utf8'), 'Content-Type': 'application/json' },
        body,
      });
      agent.destroy();
      expect(reply.status).toBe(422);
      expect(reply.headers.connection).toBe('close');
      expect(reply.json()).toEqual({
        error: 'MalformedMessageError',
        message: 'body is not valid UTF-8; SQS message bodies are Unicode text',
        messageId: 'm-not-utf8',
      });
      expect(withDlq.logs).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'request body is not valid UTF-8; answered 422',
          messageId: 'm-not-utf8',
        }),
      );
      expect(withDlq.deadLettered).toEqual([]);
      expect(withDlq.seen).toEqual([]);
      expect(withDlq.metrics).toEqual([expect.objectContaining({ Failed: 1 })]);
      // Milliseconds spent on this request, not a timestamp.
      const duration = Number(withDlq.metrics[0]?.Duration);
      expect(duration).toBeGreaterThanOrEqual(0);
      expect(duration).toBeLessThan(60_000);
    } finally {
      await withDlq.server.close();
    }
  });

  it('keeps valid UTF-8 character for character, U+FFFD itself included', async () => {
    const text = '{"type":"record","data":"caf\u00e9 \ufffd \u{1f680}"}';
    const reply = await send(h.server.url, { body: Buffer.from(text, 'utf8') });
    expect(reply.status).toBe(200);
    const id = reply.json().messageId as string;
    expect(h.seen.find((entry) => entry.message.id === id)?.message.rawBody).toBe(text);
  });
});

describe('failures: 200 only on success', () => {
  it.each([
    [
      422,
      'a validation failure',
      'ValidationError',
      'user_signup',
      '{"type":"user_signup","userId":"u-124","email":"not-an-email"}',
    ],
    [422, 'a body that is not JSON', 'MalformedMessageError', undefined, 'this is not json'],
    [422, 'a JSON array', 'MalformedMessageError', undefined, '[{"type":"test"}]'],
    [422, 'an empty body', 'MalformedMessageError', undefined, ''],
    [404, 'an unknown type', 'UnknownRouteError', undefined, '{"type":"invoice_reminder","invoiceId":"i-9"}'],
    [500, 'a retryable task error', 'RetryableError', 'flaky', '{"type":"flaky"}'],
    [500, 'a task that throws a TypeError', 'TaskFailedError', 'crash', '{"type":"crash"}'],
  ])('answers %i to %s, with a JSON error and no stack', async (status, _label, name, task, body) => {
    const msgid = `m-fail-${name}-${status}-${body.length}`;
    const reply = await send(h.server.url, { headers: sqsdHeaders(msgid), body });
    expect(reply.status).toBe(status);
    const json = reply.json();
    expect(json).toEqual({
      error: name,
      message: expect.any(String),
      messageId: msgid,
      ...(task === undefined ? {} : { task }),
    });
    expect(reply.text).not.toMatch(STACK_LINE);
    expect(reply.text).not.toContain('node_modules');
  });

  it('counts a failure in the metrics as Failed', async () => {
    const before = h.metrics.length;
    await send(h.server.url, { headers: sqsdHeaders('m-metrics-fail'), body: '{"type":"flaky"}' });
    expect(h.metrics.slice(before)).toEqual([
      expect.objectContaining({ Task: 'flaky', Processed: 0, Failed: 1 }),
    ]);
  });
});

describe('periodic tasks', () => {
  const periodicHeaders = (msgid: string, task: string) => ({
    ...sqsdHeaders(msgid, { 'X-Aws-Sqsd-Path': `/${task}` }),
    'X-Aws-Sqsd-Taskname': `${task}-job`,
    'X-Aws-Sqsd-Scheduled-At': '2026-11-27T02:00:00Z',
  });

  it('runs the task at the POSTed url with an empty body and the scheduled time from the header', async () => {
    const reply = await send(h.server.url, {
      path: '/record',
      headers: periodicHeaders('m-cron-1', 'record'),
    });
    expect(reply.status).toBe(200);
    const { message } = h.seen.find((entry) => entry.message.id === 'm-cron-1') ?? {};
    expect(message).toMatchObject({
      route: 'record',
      source: 'sqsd-periodic',
      scheduledAt: new Date('2026-11-27T02:00:00Z'),
      payload: { task: 'record-job', path: '/record', scheduledAt: '2026-11-27T02:00:00.000Z' },
      rawBody: '',
    });
  });

  it.each(['scheduled', 'cleanup', 'reports', 'backup'])(
    'runs the real %s task from its sqsd POST',
    async (task) => {
      const reply = await send(h.server.url, {
        path: `/${task}`,
        headers: periodicHeaders(`m-${task}`, task),
      });
      expect(reply.status).toBe(200);
      expect(reply.json()).toEqual({ status: 'ok', messageId: `m-${task}`, task });
    },
  );

  it('ignores a body on a periodic POST, as sqsd sends none', async () => {
    const reply = await send(h.server.url, {
      path: '/record',
      headers: periodicHeaders('m-cron-body', 'record'),
      body: '{"type":"flaky"}',
    });
    expect(reply.status).toBe(200);
  });

  it('answers 500 when a periodic task fails, so sqsd retries it like any message (conformance item 37)', async () => {
    const reply = await send(h.server.url, {
      path: '/flaky',
      headers: periodicHeaders('m-cron-flaky', 'flaky'),
    });
    expect(reply.status).toBe(500);
    expect(reply.json()).toMatchObject({ error: 'RetryableError', messageId: 'm-cron-flaky', task: 'flaky' });
  });

  it('rejects a periodic POST for a task nobody registered with 404 (not an unknown-path 404)', async () => {
    // cron.yaml names /audit, but no task of that name is registered.
    const stale = await startHarness({ periodicPaths: ['/audit'] });
    try {
      const reply = await send(stale.server.url, {
        path: '/audit',
        headers: periodicHeaders('m-audit', 'audit'),
      });
      expect(reply.status).toBe(404);
      expect(reply.json()).toMatchObject({ error: 'UnknownRouteError', messageId: 'm-audit' });
    } finally {
      await stale.server.close();
    }
  });

  it.each(['scheduled', 'cleanup', 'reports', 'backup'])(
    'accepts the EB app cron.d style: a plain POST /%s runs the task, scheduled now',
    async (task) => {
      const reply = await send(h.server.url, { path: `/${task}` });
      expect(reply.status).toBe(200);
      expect(reply.json()).toMatchObject({ status: 'ok', task });
    },
  );

  it('gives a cron.d run the current time as its scheduled time', async () => {
    const before = Date.now();
    const reply = await send(h.server.url, { path: '/record' });
    expect(reply.status).toBe(200);
    const id = reply.json().messageId as string;
    const { message } = h.seen.find((entry) => entry.message.id === id) ?? {};
    expect(message?.source).toBe('sqsd-periodic');
    expect(message?.scheduledAt?.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });
});

/** A connection pool like sqsd's (HttpConnections) or nginx's upstream keepalive: one connection, reused. */
const keepAlivePool = () => new Agent({ keepAlive: true, maxSockets: 1 });

describe('replies as sqsd and nginx read them', () => {
  it('answers HEAD / like GET /, without a body, and the health text as UTF-8 plain text', async () => {
    const errorsBefore = h.logs.filter((line) => line.level === 'error').length;
    const head = await send(h.server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const get = await send(h.server.url, { method: 'GET', path: '/?probe=elb' });
    expect(get.status).toBe(200);
    expect(get.headers['content-type']).toBe('text/plain; charset=utf-8');
    // Health checks come every few seconds: they must not log errors.
    expect(h.logs.filter((line) => line.level === 'error')).toHaveLength(errorsBefore);
  });

  it.each([
    [200, '/', '{"type":"test"}'],
    [404, '/nowhere', '{"type":"test"}'],
    [422, '/', 'this is not json'],
    [500, '/', '{"type":"flaky"}'],
  ])('sends %i as UTF-8 JSON with its exact Content-Length', async (status, path, body) => {
    const reply = await send(h.server.url, { path, body });
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['content-length']).toBe(`${Buffer.byteLength(reply.text)}`);
  });

  it('keeps the connection open after an answered message, failed or not, and a health check', async () => {
    const agent = keepAlivePool();
    try {
      const replies = [
        await send(h.server.url, { agent, body: '{"type":"test"}' }),
        await send(h.server.url, { agent, body: '{"type":"flaky"}' }),
        await send(h.server.url, { agent, path: '/cleanup' }),
        await send(h.server.url, { agent, method: 'GET' }),
        await send(h.server.url, { agent, body: '{"type":"test"}' }),
      ];
      expect(
        replies.map(({ status, reusedSocket, headers }) => [status, reusedSocket, headers.connection]),
      ).toEqual([
        [200, false, 'keep-alive'],
        [500, true, 'keep-alive'],
        [200, true, 'keep-alive'],
        [200, true, 'keep-alive'],
        [200, true, 'keep-alive'],
      ]);
    } finally {
      agent.destroy();
    }
  });

  it('closes the connection after refusing a request whose body it did not read (404, 405)', async () => {
    const agent = keepAlivePool();
    try {
      const notFound = await send(h.server.url, { agent, path: '/wp-login.php', body: '{"type":"test"}' });
      expect(notFound).toMatchObject({ status: 404, headers: { connection: 'close' } });
      const deleted = await send(h.server.url, { agent, method: 'DELETE', body: '{"type":"test"}' });
      expect(deleted).toMatchObject({ status: 405, headers: { connection: 'close' } });
      expect(deleted.json()).toEqual({
        error: 'MethodNotAllowed',
        message: 'DELETE is not supported; sqsd sends POST',
      });
    } finally {
      agent.destroy();
    }
  });

  it('names the unknown path without its query in the 404 and the log: a query may carry personal data', async () => {
    const post = await send(h.server.url, {
      path: '/wp-login.php?email=alice%40example.com',
      headers: { 'X-Aws-Sqsd-Msgid': 'm-lost' },
      body: '{"type":"test"}',
    });
    expect(post.json()).toEqual({ error: 'NotFound', message: 'no task or queue endpoint at /wp-login.php' });
    const get = await send(h.server.url, { method: 'GET', path: '/favicon.ico?email=alice%40example.com' });
    expect(get.json()).toEqual({ error: 'NotFound', message: 'nothing at /favicon.ico' });
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'POST to an unknown path',
        path: '/wp-login.php',
        msgid: 'm-lost',
      }),
    );
    expect(JSON.stringify(h.logs)).not.toContain('alice');
  });

  it('cuts an error message to 1024 characters in the reply (a task error may quote a whole response)', async () => {
    const upstream = `upstream answered 503: ${'<html>'.repeat(1000)}`;
    const chatty = await startHarness({
      registry: appRegistryWith({
        chatty: testOnlyTask('chatty', async () => {
          throw new RetryableError(upstream);
        }),
      }),
    });
    try {
      const reply = await send(chatty.server.url, {
        headers: sqsdHeaders('m-chatty'),
        body: '{"type":"chatty"}',
      });
      expect(reply.status).toBe(500);
      expect(reply.json()).toEqual({
        error: 'RetryableError',
        message: upstream.slice(0, 1024),
        messageId: 'm-chatty',
        task: 'chatty',
      });
    } finally {
      await chatty.server.close();
    }
  });

  it('answers 200 "deleted" for an unknown type under UNKNOWN_TASK_POLICY=delete, as the EB app did', async () => {
    const deleting = await startHarness({ unknownTaskPolicy: 'delete' });
    try {
      const reply = await send(deleting.server.url, {
        headers: sqsdHeaders('m-legacy'),
        body: '{"type":"legacy_task"}',
      });
      expect(reply.status).toBe(200);
      expect(reply.json()).toEqual({ status: 'deleted', messageId: 'm-legacy', error: 'UnknownRouteError' });
    } finally {
      await deleting.server.close();
    }
  });
});

describe('metrics', () => {
  it('sums a METRICS_INTERVAL_MS interval into one document per task, written at stop', async () => {
    const summed = await startHarness({ metricsIntervalMs: 60_000 });
    let stopped = false;
    try {
      for (const id of ['m-sum-1', 'm-sum-2']) {
        expect(
          (await send(summed.server.url, { headers: sqsdHeaders(id), body: '{"type":"test"}' })).status,
        ).toBe(200);
      }
      expect(summed.metrics).toEqual([]);
      await summed.server.close();
      stopped = true;
      expect(summed.metrics).toEqual([expect.objectContaining({ Task: 'test', Processed: 2, Failed: 0 })]);
    } finally {
      if (!stopped) await summed.server.close();
    }
  });
});
