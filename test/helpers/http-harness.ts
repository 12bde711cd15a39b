import {
  type Agent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { DeadLetterPort } from '../../src/core/process-delivery.js';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/http/server.js';
import { captureLogger } from './capture-logger.js';
import { testRegistry } from './registries.js';

type Harness = ReturnType<typeof testRegistry> & {
  server: RunningServer;
  logs: Array<Record<string, unknown>>;
  metrics: Array<Record<string, unknown>>;
  deadLettered: Array<{ messageId: string; error: string; body: string }>;
};

/** Starts the adapter on a random loopback port with the test registry, capturing logs and metrics. */
const startHarness = async (
  options: Partial<StartServerOptions> & { withDeadLetter?: boolean } = {},
): Promise<Harness> => {
  const tasks = testRegistry();
  const capture = captureLogger();
  const metrics: Array<Record<string, unknown>> = [];
  const deadLettered: Harness['deadLettered'] = [];
  const deadLetter: DeadLetterPort = async (delivery, error) => {
    deadLettered.push({ messageId: delivery.messageId, error: error.name, body: delivery.body });
  };
  const server = await startServer({
    registry: tasks.registry,
    log: capture.log,
    emitMetrics: (line) => metrics.push(JSON.parse(line)),
    service: 'worker-tier-test',
    port: 0,
    // As the EB bundle configures it: one cron.yaml url per scheduled task, here one per test task.
    periodicPaths: tasks.registry.names.map((name) => `/${name}`),
    ...(options.withDeadLetter ? { deadLetter } : {}),
    ...options,
  });
  return { ...tasks, server, logs: capture.lines, metrics, deadLettered };
};

/**
 * A request the adapter leaves unanswered (no byte for this long) fails its test with a clear error,
 * as sqsd gives up after its InactivityTimeout, instead of hanging until the test timeout. Loopback
 * replies take milliseconds; the margin is for a loaded machine.
 */
const REPLY_IDLE_LIMIT_MS = 5000;

type Reply = {
  status: number;
  /** The request went over a connection an earlier reply left open. */
  reusedSocket: boolean;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
};

/**
 * One POST (or other method), exactly as given: no header added but Host. Over a fresh connection that the
 * client closes after the reply, unless `agent` is a keep-alive agent, as sqsd's connection pool is: only
 * then does the reply's own `Connection` header show whether the adapter keeps or closes the connection.
 */
const send = (
  url: string,
  options: {
    method?: string;
    path?: string;
    headers?: OutgoingHttpHeaders;
    body?: string | Buffer;
    agent?: Agent;
  } = {},
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const body = options.body ?? '';
    const req = httpRequest(
      url,
      {
        // The request target verbatim (`/../x`, `//x?y`): new URL() would normalise it first.
        path: options.path ?? '/',
        method: options.method ?? 'POST',
        agent: options.agent ?? false,
        headers: { 'Content-Length': Buffer.byteLength(body), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            reusedSocket: req.reusedSocket,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    req.setTimeout(REPLY_IDLE_LIMIT_MS, () =>
      req.destroy(
        new Error(
          `no reply to ${options.method ?? 'POST'} ${options.path ?? '/'} within ${REPLY_IDLE_LIMIT_MS} ms`,
        ),
      ),
    );
    req.on('error', reject);
    req.end(body);
  });

export type { Harness, Reply };
export { REPLY_IDLE_LIMIT_MS, send, startHarness };
