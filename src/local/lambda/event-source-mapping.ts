import { EventEmitter, setMaxListeners } from 'node:events';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { QueueArn } from '../../core/queue-arn.js';
import { LocalTierError } from '../local-tier-error.js';
import { consoleLogger, type LocalLogger } from '../logger.js';
import { pollWithBackoff } from '../poll-with-backoff.js';
import { deleteMessages } from '../sqs/batch-ops.js';
import { settleBatch } from './batch-response.js';
import { collectBatch } from './collect-batch.js';
import {
  checkAgainstQueue,
  type MappingSettings,
  type QueueFacts,
  readQueueFacts,
  resolveSettings,
} from './event-source-mapping-settings.js';
import type {
  BatchReport,
  EventSourceMappingEvents,
  EventSourceMappingOptions,
  EventSourceMappingStats,
} from './event-source-mapping-types.js';
import { FifoGroupGate } from './fifo-group-gate.js';
import { invokeHandler } from './invoke-handler.js';
import { recordSize, toSqsRecord } from './sqs-records.js';

type Started = {
  identity: QueueArn;
  facts: QueueFacts;
  controller: AbortController;
  pollers: Promise<void>[];
};

/**
 * Emulates Lambda's SQS event source mapping for one queue and one handler: long-polls the
 * queue, builds Lambda-shaped batches, invokes the handler with a Lambda-like context and
 * deletes messages exactly as Lambda would (including the partial batch response contract).
 *
 * @example
 * ```ts
 * const mapping = new EventSourceMapping({
 *   client, queueUrl, handler, function: { name: 'worker', timeout: 30 },
 *   batchSize: 10, reportBatchItemFailures: true,
 * });
 * mapping.on('batch', (report) => console.log(report.outcome, report.left));
 * await mapping.start();
 * // ...
 * await mapping.stop(); // drains in-flight invocations
 * ```
 */
class EventSourceMapping extends EventEmitter<EventSourceMappingEvents> {
  readonly #options: EventSourceMappingOptions;
  readonly #settings: MappingSettings;
  readonly #logger: LocalLogger;
  readonly #gate = new FifoGroupGate();
  readonly #stats: EventSourceMappingStats = {
    received: 0,
    processed: 0,
    failed: 0,
    invocations: 0,
    errors: 0,
    deleteErrors: 0,
    pollErrors: 0,
    inFlight: 0,
  };
  #started: Started | undefined;
  #startCalled = false;
  /** Records built while sizing a batch, so each message becomes a record once. */
  readonly #records = new WeakMap<Message, SQSRecord>();

  /** Validates the settings like CreateEventSourceMapping; throws RangeError on bad ones. */
  constructor(options: EventSourceMappingOptions) {
    super();
    this.#options = options;
    this.#settings = resolveSettings(options);
    this.#logger = options.logger ?? consoleLogger;
  }

  /** A snapshot of the running totals. */
  get stats(): Readonly<EventSourceMappingStats> {
    return { ...this.#stats };
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#started !== undefined && !this.#started.controller.signal.aborted;
  }

  /**
   * Read the queue's ARN, type and visibility timeout, check the settings against them (as
   * Lambda does) and start `maximumConcurrency` pollers. Resolves once polling has begun.
   */
  async start(): Promise<void> {
    if (this.#startCalled)
      throw new LocalTierError(`Mapping for ${this.#options.queueUrl} was already started`);
    this.#startCalled = true;
    const { identity, facts } = await readQueueFacts(this.#options.client, this.#options.queueUrl);
    checkAgainstQueue(this.#settings, facts, this.#options.function.name);
    const controller = new AbortController();
    // Every poller listens on this one signal (its receive call and its back-off sleep).
    setMaxListeners(this.#settings.maximumConcurrency * 2 + 10, controller.signal);
    const pollers = Array.from({ length: this.#settings.maximumConcurrency }, () =>
      this.#poll(identity, facts, controller.signal),
    );
    this.#started = { identity, facts, controller, pollers };
  }

  /**
   * Stop receiving. A long poll in progress is aborted; batches already received are still
   * invoked and settled. A mapping runs once: create a new one to poll again.
   *
   * Caveat (see the fauxqs probe tests): the emulator does not notice an aborted long poll, so
   * a message sent within `waitTimeSeconds` after `stop()` can be taken by the dead poll and
   * stay invisible for one visibility timeout (its receive count goes up by one).
   * @param options.drain - wait until in-flight invocations are settled (default `true`);
   *   with `false` they finish in the background.
   */
  async stop(options: { drain?: boolean } = {}): Promise<void> {
    const started = this.#started;
    if (started === undefined) return;
    started.controller.abort();
    if (options.drain ?? true) await Promise.all(started.pollers);
  }

  async #poll(identity: QueueArn, facts: QueueFacts, signal: AbortSignal): Promise<void> {
    const queue = { url: this.#options.queueUrl, name: facts.name };
    const collect = {
      batchSize: this.#settings.batchSize,
      batchingWindowMs: this.#settings.batchingWindowSeconds * 1000,
      waitTimeSeconds: this.#settings.waitTimeSeconds,
      maxPayloadBytes: this.#settings.maxPayloadBytes,
      sizeOf: (message: Message) => this.#sizeOf(message, identity),
    };
    await pollWithBackoff(
      signal,
      async () => {
        const messages = await collectBatch(this.#options.client, queue, collect, signal, this.#logger);
        if (messages.length > 0) await this.#invokeBatch(messages, identity, facts);
      },
      (error) => {
        this.#stats.pollErrors++;
        const wrapped = new Error(`Polling queue ${facts.name} failed`, { cause: error });
        this.#logger.error(wrapped.message, { queue: facts.name, error });
        this.#emit('pollError', wrapped);
      },
    );
  }

  async #invokeBatch(messages: Message[], identity: QueueArn, facts: QueueFacts): Promise<void> {
    const records: SQSRecord[] = messages.map(
      (message) => this.#records.get(message) ?? toSqsRecord(message, identity),
    );
    const messageIds = records.map((record) => record.messageId);
    this.#stats.received += records.length;
    this.#emit('received', records);
    const ticket = facts.fifo
      ? this.#gate.take(records.map((r) => r.attributes.MessageGroupId ?? ''))
      : undefined;
    this.#stats.inFlight++;
    try {
      await ticket?.ready;
      this.#stats.invocations++;
      const fn = this.#options.function;
      const result = await invokeHandler(this.#options.handler, { Records: records }, fn, identity);
      const settled = settleBatch(result, messageIds, this.#settings.reportBatchItemFailures, fn.name);
      const context = { queue: facts.name, function: fn.name, awsRequestId: result.awsRequestId, messageIds };
      if (settled.error !== undefined) {
        this.#stats.errors++;
        this.#logger.warn('Invocation failed the whole batch; it returns after the visibility timeout', {
          ...context,
          error: settled.error.message,
        });
      }
      if (settled.warning !== undefined)
        this.#logger.warn(`Suspicious batch response: ${settled.warning}`, context);
      const toDelete = records.filter((r) => !settled.keep.has(r.messageId));
      const queue = { url: this.#options.queueUrl, name: facts.name };
      const deletion =
        toDelete.length === 0
          ? undefined
          : await deleteMessages(this.#options.client, queue, toDelete, this.#logger);
      const deleted = deletion?.succeeded ?? [];
      const left = messageIds.filter((id) => settled.keep.has(id));
      this.#stats.processed += deleted.length;
      this.#stats.failed += left.length;
      this.#stats.deleteErrors += deletion?.failed.length ?? 0;
      const report: BatchReport = {
        awsRequestId: result.awsRequestId,
        messageIds,
        outcome: left.length === 0 ? 'success' : left.length === messageIds.length ? 'failure' : 'partial',
        deleted,
        left,
        error: settled.error,
        warning: settled.warning,
      };
      this.#emit('batch', report);
    } finally {
      ticket?.release();
      this.#stats.inFlight--;
    }
  }

  /** Bytes the record for `message` adds to the invoke payload; keeps the record for the invocation. */
  #sizeOf(message: Message, identity: QueueArn): number {
    let record: SQSRecord;
    try {
      record = toSqsRecord(message, identity);
    } catch {
      // Invoking it fails later with the reason; its body is the best size estimate meanwhile.
      return recordSize(message, identity);
    }
    this.#records.set(message, record);
    return Buffer.byteLength(JSON.stringify(record));
  }

  /** Emit without letting a faulty listener break the poller. */
  #emit<E extends keyof EventSourceMappingEvents>(event: E, ...args: EventSourceMappingEvents[E]): void {
    try {
      (this.emit as (event: E, ...args: EventSourceMappingEvents[E]) => boolean)(event, ...args);
    } catch (error) {
      this.#logger.error(`A "${event}" listener threw`, { queue: this.#started?.facts.name, error });
    }
  }
}

export { EventSourceMapping };
