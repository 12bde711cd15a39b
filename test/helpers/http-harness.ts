import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { RetryableError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { WorkMessage } from '../../src/core/message.js';
import type { DeadLetterPort } from '../../src/core/process-delivery.js';
import { createRegistry, defineTask } from '../../src/core/registry.js';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/http/server.js';
import { tasks } from '../../src/tasks/index.js';

/** What a `record` task run saw: the message as unwrapped, and the abort signal it was given. */
type Seen = { message: WorkMessage; signal: AbortSignal };

/** A gate a test opens to let a waiting task finish. */
const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

/**
 * The real tasks plus test tasks: `record` keeps what it saw; `flaky` and `crash` fail retryably (the
 * second with a plain TypeError, as buggy code would); `slow` waits for `release` or for its signal.
 */
const testRegistry = () => {
  const seen: Seen[] = [];
  const started: Array<() => void> = [];
  let release = gate();
  const onStart = () => new Promise<void>((resolve) => started.push(resolve));
  const record = defineTask({
    name: 'record',
    parse: (payload) => payload,
    run: async (_payload, { message, signal }) => {
      seen.push({ message, signal });
    },
  });
  const flaky = defineTask({
    name: 'flaky',
    parse: (payload) => payload,
    run: async () => {
      throw new RetryableError('downstream timed out');
    },
  });
  const crash = defineTask({
    name: 'crash',
    parse: (payload) => payload,
    run: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    },
  });
  const slow = defineTask({
    name: 'slow',
    parse: (payload) => payload,
    run: async (_payload, { message, signal }) => {
      seen.push({ message, signal });
      for (const resolve of started.splice(0)) resolve();
      const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      await Promise.race([release.opened, aborted]);
    },
  });
  const registry = createRegistry({
    ...tasks,
    record,
    flaky,
    crash,
    slow,
  });
  return {
    registry,
    seen,
    /** Resolves when the next `slow` run has started. */
    slowStarted: onStart,
    releaseSlow: () => {
      release.open();
      release = gate();
    },
  };
};

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
  const logs: Array<Record<string, unknown>> = [];
  const metrics: Array<Record<string, unknown>> = [];
  const deadLettered: Harness['deadLettered'] = [];
  const deadLetter: DeadLetterPort = async (delivery, error) => {
    deadLettered.push({ messageId: delivery.messageId, error: error.name, body: delivery.body });
  };
  const server = await startServer({
    registry: tasks.registry,
    log: createLogger({ sink: (line) => logs.push(JSON.parse(line)), level: 'debug' }),
    emitMetrics: (line) => metrics.push(JSON.parse(line)),
    service: 'worker-tier-test',
    port: 0,
    ...(options.withDeadLetter ? { deadLetter } : {}),
    ...options,
  });
  return { ...tasks, server, logs, metrics, deadLettered };
};

type Reply = {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
};

/** One POST (or other method) over a fresh connection, exactly as given: no header added but Host. */
const send = (
  url: string,
  options: { method?: string; path?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {},
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/', url);
    const body = options.body ?? '';
    const req = httpRequest(
      target,
      {
        method: options.method ?? 'POST',
        agent: false,
        headers: { 'Content-Length': Buffer.byteLength(body), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });

export type { Harness, Reply, Seen };
export { gate, send, startHarness, testRegistry };
