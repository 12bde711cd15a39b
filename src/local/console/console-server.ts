/**
 * The local tier's web console (docs/console.md): one node:http server in the tier's own process, bound to
 * 127.0.0.1. Live data goes out as server-sent events (one stream per tab, fed by one sampler); state
 * changes are POSTs that must carry the per-start token the page was served with.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalTierError } from '../local-tier-error.js';
import { consoleLogger, type LocalLogger } from '../logger.js';
import type { LocalTier } from '../tier/tier-types.js';
import { createConsoleActions } from './console-actions.js';
import { consoleAsset, consolePage } from './console-assets.js';
import { type DeliveryEntry, DeliveryLog } from './delivery-log.js';
import { QueueHistory } from './queue-history.js';
import { createScheduleBoard } from './schedule-board.js';

type ConsoleOptions = {
  /** TCP port on 127.0.0.1; 0 picks a free one. @defaultValue 4567 */
  port?: number;
  /** Sampling interval of the queue table and chart. @defaultValue 1000 */
  sampleMs?: number;
  /** Where the console reports its own faults. @defaultValue console */
  logger?: LocalLogger;
};

type RunningConsole = { url: string; token: string; close(): Promise<void> };

/** A request the console refuses, with the status that says why. */
class ConsoleRequestError extends LocalTierError {
  override readonly name = 'ConsoleRequestError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const MAX_BODY_BYTES = 1024 * 1024;
const DELIVERY_FLUSH_MS = 200;
/** The page shows a few hundred; more in one burst would only be dropped there. */
const MAX_DELIVERIES_PER_FLUSH = 500;
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
    throw new ConsoleRequestError(415, 'send application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ConsoleRequestError(413, 'request body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConsoleRequestError(400, 'expected a JSON object');
  return parsed as Record<string, unknown>;
}

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** Starts the console for a running tier; `close()` ends open streams and stops listening. */
async function startConsole(tier: LocalTier, options: ConsoleOptions = {}): Promise<RunningConsole> {
  const token = randomBytes(24).toString('hex');
  const deliveries = new DeliveryLog(tier, options.logger ?? consoleLogger);
  const history = new QueueHistory(tier, options.sampleMs ?? 1000);
  const schedules = createScheduleBoard(tier);
  const actions = createConsoleActions(tier);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const broadcast = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  history.on('sample', (sample) => broadcast('sample', sample));
  history.on('error', (error) => broadcast('problem', { message: `sampling failed: ${error.message}` }));
  // Sent in bursts of at most one per DELIVERY_FLUSH_MS: thousands of messages a second stay a few events.
  let outgoing: DeliveryEntry[] = [];
  const flush = setInterval(() => {
    if (outgoing.length === 0) return;
    broadcast('deliveries', outgoing.slice(-MAX_DELIVERIES_PER_FLUSH));
    outgoing = [];
  }, DELIVERY_FLUSH_MS);
  flush.unref();
  deliveries.on('entry', (entry) => {
    outgoing.push(entry);
    if (entry.source === 'schedule') {
      schedules.delivered(entry);
      broadcast('schedules', schedules.rows());
    }
  });
  for (const { runner } of tier.schedules) runner.on('fired', () => broadcast('schedules', schedules.rows()));
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  /** DNS rebinding: only a Host (and Origin) naming this loopback port may talk to the console. */
  function checkOrigin(req: IncomingMessage): void {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) throw new ConsoleRequestError(403, 'unexpected Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.some((host) => origin === `http://${host}`))
      throw new ConsoleRequestError(403, 'cross-origin request refused');
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' });
    const init = {
      service: {
        name: tier.service.service,
        stage: tier.service.stage,
        region: tier.region,
        endpoint: tier.endpoint,
      },
      samples: history.samples(),
      deliveries: deliveries.entries(),
      schedules: schedules.rows(),
      queues: tier.queues.map((q) => ({ logicalId: q.logicalId, name: q.name, fifo: q.fifo })),
      workQueue: tier.mappings[0]?.queue,
    };
    res.write(`retry: 2000\nevent: init\ndata: ${JSON.stringify(init)}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  async function post(path: string, body: Record<string, unknown>): Promise<unknown> {
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    switch (path) {
      case '/api/dlq/retry': {
        const ids = Array.isArray(body.ids) ? body.ids.filter((id) => typeof id === 'string') : [];
        return { lines: await actions.retry(ids) };
      }
      case '/api/dlq/purge': {
        const id = text('id');
        return { lines: id === undefined ? await actions.purgeAll() : await actions.purgeOne(id) };
      }
      case '/api/schedules/run': {
        const row = schedules.rows().find((s) => s.name === text('schedule'));
        if (row?.task === undefined)
          throw new ConsoleRequestError(404, `no schedule "${text('schedule')}" with a task`);
        // Registered before the invoke: the run can reach the handler before the Invoke call returns.
        schedules.ranNow(row.name, row.task);
        try {
          return { lines: await actions.runNow(row.task, row.name) };
        } catch (error) {
          schedules.runFailed(row.name, row.task, error as Error);
          throw error;
        } finally {
          broadcast('schedules', schedules.rows());
        }
      }
      case '/api/send':
        return {
          lines: await actions.send({
            queue: text('queue'),
            body: text('body') ?? '',
            sns: body.sns === true,
            group: text('group'),
            count: body.count === undefined ? 1 : Number(body.count),
          }),
        };
      default:
        throw new ConsoleRequestError(404, `no action ${path}`);
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkOrigin(req);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (req.method === 'POST') {
      if (!sameToken(req.headers['x-console-token'], token))
        throw new ConsoleRequestError(403, 'missing or wrong console token: reload the page');
      return sendJson(res, 200, await post(url.pathname, await readJson(req)));
    }
    if (req.method !== 'GET') throw new ConsoleRequestError(405, `${req.method} not allowed`);
    if (url.pathname === '/') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
      return void res.end(await consolePage(token));
    }
    if (url.pathname === '/events') return openStream(res);
    if (url.pathname === '/api/dlq') return sendJson(res, 200, await actions.deadLetters());
    if (url.pathname === '/api/dlq/body')
      return sendJson(res, 200, { body: actions.fullBody(url.searchParams.get('id') ?? '') });
    const asset = await consoleAsset(url.pathname);
    if (asset === undefined) throw new ConsoleRequestError(404, `nothing at ${url.pathname}`);
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type });
    res.end(asset.content);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status =
        error instanceof ConsoleRequestError ? error.status : error instanceof SyntaxError ? 400 : 500;
      if (res.headersSent) return void res.end();
      sendJson(res, status, { error: { name: (error as Error).name, message: (error as Error).message } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new LocalTierError(
          `The console cannot listen on 127.0.0.1:${options.port ?? 4567}: ${error.message} (--console-port, or --no-console)`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port ?? 4567, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  void history.sample().catch(() => undefined);

  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    async close() {
      clearInterval(heartbeat);
      clearInterval(flush);
      history.close();
      deliveries.close();
      schedules.close();
      for (const res of streams) res.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await actions.close();
    },
  };
}

export type { ConsoleOptions, RunningConsole };
export { startConsole };
