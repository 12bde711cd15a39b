import { Agent } from 'node:http';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { fromEpochMillis } from '../../core/times.js';
import type { Clock } from '../clock.js';
import type { LocalLogger } from '../logger.js';
import { pollWithBackoff } from '../poll-with-backoff.js';
import type { QueueRef } from '../sqs/batch-ops.js';
import { DeleteBatcher } from './delete-batcher.js';
import type { ResolvedSqsdOptions } from './options.js';
import { postToApp } from './post-to-app.js';
import { receiveMessages } from './receive-messages.js';
import { returnAfterError } from './return-after-error.js';
import { buildSqsdRequest, hostHeader, type RequestContext } from './sqsd-request.js';

/** Running totals. `deleted` counts 200s; `expired` messages are deleted too, but never POSTed. */
type SqsdStats = {
  received: number;
  deleted: number;
  failed: number;
  expired: number;
  inFlight: number;
  periodicEnqueued: number;
};

/**
 * The message side of sqsd (docs/sqsd-behaviour.md#request-shape to #response-handling): one long-poll loop
 * that receives only as many messages as there are free connections (so none waits in a backlog while its
 * VisibilityTimeout runs), and one POST per message through a keep-alive pool of HttpConnections sockets.
 */
class SqsdDaemon {
  readonly stats: Omit<SqsdStats, 'periodicEnqueued'> = {
    received: 0,
    deleted: 0,
    failed: 0,
    expired: 0,
    inFlight: 0,
  };
  readonly #client: SQSClient;
  readonly #settings: ResolvedSqsdOptions;
  readonly #clock: Clock;
  readonly #logger: LocalLogger;
  readonly #queue: QueueRef;
  readonly #context: RequestContext;
  readonly #agent: Agent;
  readonly #deletes: DeleteBatcher;
  readonly #polling = new AbortController();
  readonly #posting = new AbortController();
  readonly #handling = new Set<Promise<void>>();
  #slotFreed: (() => void) | undefined;
  #poller: Promise<void> | undefined;

  constructor(client: SQSClient, settings: ResolvedSqsdOptions, clock: Clock, logger: LocalLogger) {
    this.#client = client;
    this.#settings = settings;
    this.#clock = clock;
    this.#logger = logger;
    this.#queue = { url: settings.queueUrl, name: settings.queueName };
    const { queueName, httpPath, mimeType, userAgent } = settings;
    this.#context = { queueName, httpPath, mimeType, userAgent, host: hostHeader(settings.appUrl) };
    // A keep-alive pool of HttpConnections sockets (docs/sqsd-behaviour.md#request-shape).
    const max = settings.httpConnections;
    this.#agent = new Agent({ keepAlive: true, maxSockets: max, maxFreeSockets: max });
    this.#deletes = new DeleteBatcher(client, this.#queue, logger);
  }

  start(): void {
    this.#poller ??= this.#poll();
  }

  /** Stop polling; with `drain`, let in-flight POSTs finish and settle, else abort them (messages left). */
  async stop(drain: boolean): Promise<void> {
    this.#polling.abort();
    this.#slotFreed?.();
    if (!drain) this.#posting.abort();
    await this.#poller;
    while (this.#handling.size > 0) await Promise.all(this.#handling);
    this.#agent.destroy();
  }

  async #poll(): Promise<void> {
    const signal = this.#polling.signal;
    await pollWithBackoff(
      signal,
      async () => {
        const free = this.#settings.httpConnections - this.stats.inFlight;
        if (free <= 0) {
          await new Promise<void>((resolve) => {
            this.#slotFreed = resolve;
          });
          return;
        }
        const max = Math.min(10, free);
        const messages = await receiveMessages(this.#client, this.#queue.url, this.#settings, max, signal);
        // Messages already received are invisible and handled even if stop() came meanwhile.
        for (const message of messages) this.#track(message);
      },
      (error, consecutiveErrors) =>
        this.#logger.error(`ReceiveMessage on ${this.#queue.name} failed; retrying`, {
          queue: this.#queue.name,
          consecutiveErrors,
          error,
        }),
    );
  }

  #track(message: Message): void {
    this.stats.received++;
    this.stats.inFlight++;
    const handling = this.#handle(message)
      .catch((error: unknown) => {
        this.#logger.error('unexpected error handling a message', { messageId: message.MessageId, error });
      })
      .finally(() => {
        this.#handling.delete(handling);
        this.stats.inFlight--;
        const wake = this.#slotFreed;
        this.#slotFreed = undefined;
        wake?.();
      });
    this.#handling.add(handling);
  }

  async #handle(message: Message): Promise<void> {
    const ref = { messageId: message.MessageId ?? '?', receiptHandle: message.ReceiptHandle ?? '' };
    const system = message.Attributes ?? {};
    const firstReceived = fromEpochMillis(system.ApproximateFirstReceiveTimestamp)?.getTime();
    // Older than RetentionPeriod since first receive: deleted without a POST
    // (docs/sqsd-behaviour.md#response-handling).
    if (
      firstReceived !== undefined &&
      this.#clock.now() > firstReceived + this.#settings.retentionPeriod * 1000
    ) {
      this.#logger.warn(`expired-msg: ${ref.messageId}`, {
        messageId: ref.messageId,
        queue: this.#queue.name,
        firstReceived,
      });
      if (await this.#deletes.delete(ref)) this.stats.expired++;
      return;
    }
    const request = buildSqsdRequest(message, this.#context, (header) =>
      this.#logger.warn(`header ${header} left out: its value cannot be sent in HTTP`, {
        messageId: ref.messageId,
      }),
    );
    const url = new URL(`${this.#settings.appUrl.origin}${request.path}`);
    const outcome = await postToApp(
      { url, headers: Object.fromEntries(request.headers), body: request.body },
      {
        agent: this.#agent,
        connectTimeoutMs: this.#settings.connectTimeout * 1000,
        inactivityTimeoutMs: this.#settings.inactivityTimeout * 1000,
        signal: this.#posting.signal,
      },
    );
    // Stopped without drain: like a terminated instance, the message returns after VisibilityTimeout.
    if (outcome.kind === 'aborted') return;
    // Exactly 200 deletes; the body is ignored (docs/sqsd-behaviour.md#response-handling).
    if (outcome.kind === 'response' && outcome.status === 200) {
      this.#logger.info(`message: sent to ${url.href}`, {
        messageId: ref.messageId,
        queue: this.#queue.name,
        periodic: request.periodic,
      });
      if (await this.#deletes.delete(ref)) this.stats.deleted++;
      return;
    }
    this.stats.failed++;
    const what = outcome.kind === 'response' ? String(outcome.status) : outcome.reason;
    // sqsd's own log line (docs/sqsd-behaviour.md#response-handling): msgid, receive count, status, seconds.
    this.#logger.warn(
      `http-err: ${ref.messageId} (${system.ApproximateReceiveCount ?? '?'}) ${what} - ${(outcome.elapsedMs / 1000).toFixed(3)}`,
      {
        messageId: ref.messageId,
        queue: this.#queue.name,
        outcome: what,
        url: url.href,
        errorVisibilityTimeout: this.#settings.errorVisibilityTimeout,
      },
    );
    // Any non-200, refused connection or timeout: back after ErrorVisibilityTimeout
    // (docs/sqsd-behaviour.md#response-handling).
    await returnAfterError(
      this.#client,
      this.#queue,
      ref,
      this.#settings.errorVisibilityTimeout,
      this.#logger,
    );
  }
}

export type { SqsdStats };
export { SqsdDaemon };
