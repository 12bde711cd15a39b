import { closeSync, fdatasyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { LocalTierError } from '../local-tier-error.js';

/** One line of the journal. See docs/local-tier.md#persistence for what each one means. */
type JournalRecord =
  | {
      op: 'queue';
      name: string;
      arn: string;
      attributes: Record<string, string>;
      tags: Record<string, string>;
    }
  | { op: 'attrs'; name: string; attributes: Record<string, string> }
  | { op: 'drop'; name: string }
  | { op: 'purge'; name: string }
  | { op: 'put'; name: string; message: JournaledMessage }
  | { op: 'recv'; name: string; id: string; count: number; first: number; until: number }
  | { op: 'vis'; name: string; id: string; until: number }
  | { op: 'del'; name: string; id: string }
  | { op: 'dedup'; name: string; dedupId: string; id: string; seq?: string; at: number };

/** The fields of a fauxqs message that are kept; the same shape as fauxqs' `SqsMessage`. */
type JournaledMessage = {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
  md5OfMessageAttributes: string;
  sentTimestamp: number;
  approximateReceiveCount: number;
  approximateFirstReceiveTimestamp?: number;
  delayUntil?: number;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
};

/** How long a record nobody waits for may stay in memory before it is written. */
const LAZY_FLUSH_MS = 200;

/**
 * An append-only file of JSON lines with group commit: records are buffered as the emulator mutates its
 * state, and {@link SqsJournal.sync} resolves once every record appended before the call is on disk
 * (written and `fdatasync`ed). The embedded server awaits it before it replies, so whatever a client was
 * told is accepted survives `kill -9`; concurrent requests share one write and one sync.
 */
class SqsJournal {
  readonly path: string;
  private readonly handle: FileHandle;
  private pending: string[] = [];
  private appended = 0;
  private required = 0;
  private durable = 0;
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private lazyFlush: NodeJS.Timeout | undefined;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.handle = handle;
  }

  /** Open `path` for appending, creating it if needed. */
  static async open(path: string): Promise<SqsJournal> {
    return new SqsJournal(path, await open(path, 'a'));
  }

  /**
   * Buffer one record; it is durable after the next {@link sync} resolves. `mustSync` marks a record that
   * {@link syncRequired} waits for: what a client is about to be told is accepted.
   */
  append(record: JournalRecord, mustSync = true): void {
    this.pending.push(JSON.stringify(record));
    this.appended += 1;
    if (mustSync) this.required = this.appended;
    // Nobody waits for the others (receives, deletes), but a long drain must not keep them only in memory:
    // a crash would redeliver every message it had finished. They reach the disk shortly, off the reply path.
    else this.lazyFlush ??= setTimeout(() => this.flushLazily(), LAZY_FLUSH_MS).unref();
  }

  private flushLazily(): void {
    this.lazyFlush = undefined;
    // A failed write is kept in `failure`: the next reply that needs a sync reports it.
    this.sync().catch(() => undefined);
  }

  /** A sync when a record marked `mustSync` is not on disk yet; otherwise nothing to wait for. */
  syncRequired(): Promise<void> | undefined {
    return this.durable < this.required ? this.sync() : undefined;
  }

  /** Resolves when every record appended so far is on disk; rejects if the disk refused a write. */
  async sync(): Promise<void> {
    const target = this.appended;
    while (this.durable < target) {
      if (this.failure !== undefined) throw this.failure;
      this.flushing ??= this.flush().finally(() => {
        this.flushing = undefined;
      });
      await this.flushing;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Write what is buffered and close the file. */
  async close(): Promise<void> {
    clearTimeout(this.lazyFlush);
    await this.sync().catch(() => undefined);
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    const lines = this.pending;
    const upTo = this.appended;
    this.pending = [];
    try {
      await this.handle.write(`${lines.join('\n')}\n`);
      await this.handle.datasync();
      this.durable = upTo;
    } catch (error) {
      this.failure = new LocalTierError(`Cannot write the SQS journal ${this.path}`, { cause: error });
    }
  }
}

/**
 * Read a journal. A torn last line (the process died mid-write, before the reply that would have
 * acknowledged it) is dropped; a corrupt line elsewhere is an error, since it means the file was edited.
 */
function readJournal(path: string): JournalRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new LocalTierError(`Cannot read the SQS journal ${path}`, { cause: error });
  }
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch (error) {
      if (index === lines.length - 1) break;
      throw new LocalTierError(`${path}:${index + 1}: the SQS journal has a corrupt line`, { cause: error });
    }
  }
  return records;
}

/** Replace the journal at `path` with `records`, atomically (write a sibling, sync, rename). */
function rewriteJournal(path: string, records: readonly JournalRecord[]): void {
  const temporary = `${path}.compact`;
  const fd = openSync(temporary, 'w');
  try {
    const text = records.map((record) => JSON.stringify(record)).join('\n');
    writeSync(fd, records.length === 0 ? '' : `${text}\n`);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export type { JournaledMessage, JournalRecord };
export { readJournal, rewriteJournal, SqsJournal };
