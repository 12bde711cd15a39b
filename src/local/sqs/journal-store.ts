import { randomUUID } from 'node:crypto';
import type { FauxqsQueue, FauxqsStore, InflightEntry } from './fauxqs-store.js';
import type { JournaledMessage, JournalRecord } from './sqs-journal.js';

/** How long SQS remembers a FIFO deduplication id. */
const DEDUP_WINDOW_MS = 5 * 60 * 1000;

type Append = (record: JournalRecord, mustSync: boolean) => void;
type DedupRecord = Extract<JournalRecord, { op: 'dedup' }>;

/**
 * Wrap each store and queue operation that changes state so that it also appends a journal record. The
 * wrappers call fauxqs' own methods first, then journal what they did, so the journal never claims more
 * than the store holds. `mustSync` marks what a client is told is accepted (queues, sends, redrives,
 * purges): the server syncs those before it replies. Receives, deletes and visibility changes are not
 * forced to disk: losing one in a crash only means a message is delivered again, never that one is lost.
 *
 * `dedups` are the deduplication ids restored at start-up; the returned `snapshot()` includes them and
 * every later one still inside SQS's five-minute window.
 */
function journalStore(
  store: FauxqsStore,
  append: Append,
  dedups: readonly DedupRecord[] = [],
): { snapshot(now?: number): JournalRecord[] } {
  const recent = new Map(dedups.map((dedup) => [`${dedup.name}\n${dedup.dedupId}`, dedup]));
  const record: Append = (entry, mustSync) => {
    if (entry.op === 'dedup') recent.set(`${entry.name}\n${entry.dedupId}`, entry);
    append(entry, mustSync);
  };
  const createQueue = store.createQueue.bind(store);
  store.createQueue = (name, url, arn, attributes, tags) => {
    const queue = createQueue(name, url, arn, attributes, tags);
    const queueRecord = {
      name,
      arn,
      attributes: { ...queue.attributes },
      tags: Object.fromEntries(queue.tags),
    };
    record({ op: 'queue', ...queueRecord }, true);
    journalQueue(queue, record);
    return queue;
  };
  const deleteQueue = store.deleteQueue.bind(store);
  store.deleteQueue = (url) => {
    const queue = store.getQueue(url);
    const deleted = deleteQueue(url);
    if (deleted && queue !== undefined) record({ op: 'drop', name: queue.name }, true);
    return deleted;
  };
  for (const queue of store.listQueues()) journalQueue(queue, record);
  return {
    snapshot: (now = Date.now()) => [
      ...snapshotRecords(store),
      ...[...recent.values()].filter((dedup) => dedup.at > now - DEDUP_WINDOW_MS),
    ],
  };
}

/** The record of a message in flight: its receive count and when it becomes visible again. */
function receivedRecord(name: string, { message, visibilityDeadline }: InflightEntry): JournalRecord {
  return {
    op: 'recv',
    name,
    id: message.messageId,
    count: message.approximateReceiveCount,
    first: message.approximateFirstReceiveTimestamp ?? Date.now(),
    until: visibilityDeadline,
  };
}

function journalQueue(queue: FauxqsQueue, append: Append): void {
  const { name } = queue;
  const original = {
    enqueue: queue.enqueue.bind(queue),
    dequeue: queue.dequeue.bind(queue),
    deleteMessage: queue.deleteMessage.bind(queue),
    changeVisibility: queue.changeVisibility.bind(queue),
    purge: queue.purge.bind(queue),
    setAttributes: queue.setAttributes.bind(queue),
    recordDeduplication: queue.recordDeduplication.bind(queue),
  };
  queue.enqueue = (message) => {
    original.enqueue(message);
    append({ op: 'put', name, message }, true);
  };
  queue.dequeue = (maxCount, visibilityTimeout, dlqResolver) => {
    const received = original.dequeue(maxCount, visibilityTimeout, dlqResolver);
    for (const { ReceiptHandle } of received) {
      const entry = queue.inflightMessages.get(ReceiptHandle);
      if (entry === undefined) continue;
      append(receivedRecord(name, entry), false);
    }
    return received;
  };
  queue.deleteMessage = (receiptHandle) => {
    const entry = queue.inflightMessages.get(receiptHandle);
    const deleted = original.deleteMessage(receiptHandle);
    if (deleted && entry !== undefined) append({ op: 'del', name, id: entry.message.messageId }, false);
    return deleted;
  };
  queue.changeVisibility = (receiptHandle, timeoutSeconds) => {
    const entry = queue.inflightMessages.get(receiptHandle);
    original.changeVisibility(receiptHandle, timeoutSeconds);
    if (entry === undefined) return;
    const until = timeoutSeconds === 0 ? 0 : entry.visibilityDeadline;
    append({ op: 'vis', name, id: entry.message.messageId, until }, false);
  };
  queue.purge = () => {
    original.purge();
    append({ op: 'purge', name }, true);
  };
  queue.setAttributes = (attributes) => {
    original.setAttributes(attributes);
    append({ op: 'attrs', name, attributes: { ...attributes } }, true);
  };
  queue.recordDeduplication = (dedupId, messageId, sequenceNumber) => {
    original.recordDeduplication(dedupId, messageId, sequenceNumber);
    append({ op: 'dedup', name, dedupId, id: messageId, seq: sequenceNumber, at: Date.now() }, true);
  };
}

type QueueState = { arn: string; attributes: Record<string, string>; tags: Record<string, string> };
type MessageState = { name: string; message: JournaledMessage; until: number };

/** Fold the journal into the state it describes: live queues, live messages in send order, dedup ids. */
function replay(records: readonly JournalRecord[]) {
  const queues = new Map<string, QueueState>();
  const messages = new Map<string, MessageState>();
  const dedups = new Map<string, DedupRecord>();
  const dropMessages = (name: string) => {
    for (const [id, state] of messages) if (state.name === name) messages.delete(id);
  };
  for (const record of records) {
    switch (record.op) {
      case 'queue':
        queues.set(record.name, { arn: record.arn, attributes: record.attributes, tags: record.tags });
        break;
      case 'attrs':
        Object.assign(queues.get(record.name)?.attributes ?? {}, record.attributes);
        break;
      case 'drop':
        queues.delete(record.name);
        dropMessages(record.name);
        break;
      case 'purge':
        dropMessages(record.name);
        break;
      case 'put':
        // The same id again is a move (the redrive to a DLQ): it now lives, last in order, on that queue.
        messages.delete(record.message.messageId);
        messages.set(record.message.messageId, { name: record.name, message: record.message, until: 0 });
        break;
      case 'recv': {
        const state = messages.get(record.id);
        if (state?.name !== record.name) break;
        state.message.approximateReceiveCount = record.count;
        state.message.approximateFirstReceiveTimestamp = record.first;
        state.until = record.until;
        break;
      }
      case 'vis': {
        const state = messages.get(record.id);
        if (state?.name === record.name) state.until = record.until;
        break;
      }
      case 'del':
        if (messages.get(record.id)?.name === record.name) messages.delete(record.id);
        break;
      case 'dedup':
        dedups.set(`${record.name}\n${record.dedupId}`, record);
        break;
    }
  }
  return { queues, messages, dedups };
}

/**
 * Rebuild an empty store from the journal. A message that was in flight stays invisible until its
 * visibility deadline and then comes back, as on SQS; its receive count is kept, so redrive still
 * counts the deliveries before the restart. `urlFor` gives each queue its URL on this run's port.
 */
function restoreStore(
  store: FauxqsStore,
  records: readonly JournalRecord[],
  urlFor: (name: string, arn: string) => string,
  now = Date.now(),
): DedupRecord[] {
  const { queues, messages, dedups } = replay(records);
  const byName = new Map<string, FauxqsQueue>();
  for (const [name, state] of queues) {
    byName.set(
      name,
      store.createQueue(name, urlFor(name, state.arn), state.arn, state.attributes, state.tags),
    );
  }
  for (const { name, message, until } of messages.values()) {
    const queue = byName.get(name);
    if (queue === undefined) continue;
    if (message.sequenceNumber !== undefined) {
      queue.sequenceCounter = Math.max(queue.sequenceCounter, Number(message.sequenceNumber));
    }
    if (until <= now) {
      queue.enqueue(message);
      continue;
    }
    const receiptHandle = randomUUID();
    queue.inflightMessages.set(receiptHandle, { message, receiptHandle, visibilityDeadline: until });
    if (queue.isFifo()) {
      const group = message.messageGroupId ?? '__default';
      queue.fifoLockedGroups.set(group, (queue.fifoLockedGroups.get(group) ?? 0) + 1);
    }
  }
  const live = [...dedups.values()].filter(
    (dedup) => dedup.at > now - DEDUP_WINDOW_MS && byName.has(dedup.name),
  );
  for (const dedup of live) byName.get(dedup.name)?.recordDeduplication(dedup.dedupId, dedup.id, dedup.seq);
  return live;
}

/** The records that describe the queues and messages of `store` as they are now (compaction). */
function snapshotRecords(store: FauxqsStore): JournalRecord[] {
  const records: JournalRecord[] = [];
  for (const queue of store.listQueues()) {
    const { name } = queue;
    records.push({
      op: 'queue',
      name,
      arn: queue.arn,
      attributes: { ...queue.attributes },
      tags: Object.fromEntries(queue.tags),
    });
    const { ready, delayed, inflight } = queue.inspectMessages();
    for (const message of [...ready, ...delayed]) records.push({ op: 'put', name, message });
    for (const entry of inflight)
      records.push({ op: 'put', name, message: entry.message }, receivedRecord(name, entry));
  }
  return records;
}

export { journalStore, restoreStore };
