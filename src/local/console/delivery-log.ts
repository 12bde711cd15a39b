import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import type { SQSRecord } from 'aws-lambda';
import { DELIVERY_CHANNEL, type DeliveryEvent } from '../../core/delivery-channel.js';
import type { BatchReport } from '../lambda/event-source-mapping-types.js';
import type { LocalLogger } from '../logger.js';
import type { LocalTier } from '../tier/tier-types.js';

/** How a delivery ended, as the console shows it (a word, never only a colour). */
type DeliveryOutcome =
  | 'processed'
  | 'retried'
  | 'dead-lettered'
  | 'skipped-after-group-failure'
  | 'rejected'
  | 'deleted-unknown-task';

/** One row of the console's recent deliveries. */
type DeliveryEntry = {
  seq: number;
  at: number;
  messageId: string;
  /** The work queue's logical id, or `schedule` for a scheduled run. */
  source: string;
  function?: string;
  task?: string;
  route?: string;
  groupId?: string;
  receiveCount: number;
  outcome: DeliveryOutcome;
  durationMs?: number;
  errorName?: string;
  errorMessage?: string;
};

type Pending = {
  source: string;
  function: string;
  receiveCount: number;
  groupId?: string;
  receivedAt: number;
  /** The handler published its verdict (core/delivery-channel); the batch report only fills gaps. */
  reported: boolean;
};

const OUTCOME: Record<DeliveryEvent['action'], DeliveryOutcome> = {
  ack: 'processed',
  retry: 'retried',
  'dead-lettered': 'dead-lettered',
  skipped: 'skipped-after-group-failure',
  reject: 'rejected',
  deleted: 'deleted-unknown-task',
};

/** Recent deliveries kept for the page. @defaultValue 500 */
const DEFAULT_CAPACITY = 500;

/**
 * The last few hundred delivery outcomes of a running tier. Verdicts come from the handler itself (the
 * delivery channel: task, error, duration); the mappings' `received` and `batch` events add the queue and
 * function, and stand in for handlers that publish nothing (a whole batch that threw, a custom handler).
 */
class DeliveryLog extends EventEmitter<{ entry: [entry: DeliveryEntry] }> {
  readonly #capacity: number;
  readonly #entries: DeliveryEntry[] = [];
  readonly #pending = new Map<string, Pending>();
  readonly #detach: (() => void)[] = [];
  #seq = 0;

  constructor(tier: LocalTier, logger: LocalLogger, capacity = DEFAULT_CAPACITY) {
    super();
    this.#capacity = capacity;
    // A subscriber's throw would surface as an uncaught exception (diagnostics_channel), so none escapes.
    const onEvent = (message: unknown) => {
      try {
        this.#fromChannel(message as DeliveryEvent);
      } catch (error) {
        logger.error('The console could not record a delivery', { error });
      }
    };
    subscribe(DELIVERY_CHANNEL, onEvent);
    this.#detach.push(() => unsubscribe(DELIVERY_CHANNEL, onEvent));
    for (const { mapping, queue, functionName } of tier.mappings) {
      const received = (records: readonly SQSRecord[]) => this.#received(records, queue, functionName);
      const batch = (report: BatchReport) => this.#batch(report);
      mapping.on('received', received);
      mapping.on('batch', batch);
      this.#detach.push(() => {
        mapping.off('received', received);
        mapping.off('batch', batch);
      });
    }
  }

  /** Oldest first. */
  entries(): readonly DeliveryEntry[] {
    return this.#entries;
  }

  close(): void {
    for (const detach of this.#detach.splice(0)) detach();
  }

  #received(records: readonly SQSRecord[], source: string, fn: string): void {
    const receivedAt = Date.now();
    for (const record of records) {
      this.#pending.set(record.messageId, {
        source,
        function: fn,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        groupId: record.attributes.MessageGroupId,
        receivedAt,
        reported: false,
      });
    }
  }

  #fromChannel(event: DeliveryEvent): void {
    const pending = this.#pending.get(event.messageId);
    if (pending !== undefined) pending.reported = true;
    this.#add({
      at: event.at,
      messageId: event.messageId,
      // No mapping received it: a scheduled run (or sqsd mode, where the queue name is all there is).
      source: pending?.source ?? event.queue ?? 'schedule',
      function: pending?.function,
      task: event.task,
      route: event.route,
      groupId: event.groupId ?? pending?.groupId,
      receiveCount: event.receiveCount,
      outcome: OUTCOME[event.action],
      durationMs: event.durationMs,
      errorName: event.errorName,
      errorMessage: event.errorMessage,
    });
  }

  #batch(report: BatchReport): void {
    const deleted = new Set(report.deleted);
    for (const messageId of report.messageIds) {
      const pending = this.#pending.get(messageId);
      this.#pending.delete(messageId);
      if (pending === undefined || pending.reported) continue;
      this.#add({
        at: Date.now(),
        messageId,
        source: pending.source,
        function: pending.function,
        groupId: pending.groupId,
        receiveCount: pending.receiveCount,
        outcome: deleted.has(messageId) ? 'processed' : 'retried',
        durationMs: Date.now() - pending.receivedAt,
        errorName: report.error?.name,
        errorMessage: report.error?.message,
      });
    }
  }

  #add(entry: Omit<DeliveryEntry, 'seq'>): void {
    const full = { ...entry, seq: ++this.#seq };
    this.#entries.push(full);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
    this.emit('entry', full);
  }
}

export type { DeliveryEntry, DeliveryOutcome };
export { DeliveryLog };
