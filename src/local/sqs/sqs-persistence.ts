import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQueueArn } from '../../core/queue-arn.js';
import { LocalTierError } from '../local-tier-error.js';
import { createFauxqsStore, type FauxqsStore } from './fauxqs-store.js';
import { journalStore, restoreStore } from './journal-store.js';
import { readJournal, rewriteJournal, SqsJournal } from './sqs-journal.js';

/** The embedded SQS's state on disk, in `dataDir`. See docs/local-tier.md#persistence. */
type SqsPersistence = {
  readonly dataDir: string;
  /** The store to give fauxqs' `buildApp`: it is journaled once {@link SqsPersistence.attach} ran. */
  readonly store: FauxqsStore;
  /** Once the server listens on `port`: restore the journal, compact it, and start journaling. */
  attach(port: number): Promise<void>;
  /** Awaited before every reply, so what the reply acknowledges is on disk first. */
  beforeReply(): Promise<void> | undefined;
  /** Write what is buffered, close the journal and release the data folder. */
  close(): Promise<void>;
};

const JOURNAL_FILE = 'sqs-journal.ndjson';
const LOCK_FILE = 'tier.pid';

/** Claim `dataDir` for this process: two tiers appending to one journal would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, LOCK_FILE);
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(lock, 'utf8'));
  } catch {
    holder = undefined;
  }
  if (holder !== undefined && Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new LocalTierError(
      `${dataDir} is in use by another local tier (pid ${holder}); stop it or pass --data-dir`,
    );
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openSqsPersistence(dataDir: string): Promise<SqsPersistence> {
  const unlock = lockDataDir(dataDir);
  const path = join(dataDir, JOURNAL_FILE);
  const store = await createFauxqsStore();
  let journal: SqsJournal | undefined;
  return {
    dataDir,
    store,
    async attach(port) {
      const dedups = restoreStore(store, readJournal(path), (name, arn) =>
        store.buildQueueUrl(name, String(port), `127.0.0.1:${port}`, parseQueueArn(arn).region),
      );
      const journaled = journalStore(store, (record, mustSync) => journal?.append(record, mustSync), dedups);
      rewriteJournal(path, journaled.snapshot());
      journal = await SqsJournal.open(path);
    },
    beforeReply: () => journal?.syncRequired(),
    async close() {
      await journal?.close();
      unlock();
    },
  };
}

export type { SqsPersistence };
export { openSqsPersistence };
