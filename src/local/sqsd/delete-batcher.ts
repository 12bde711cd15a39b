import type { SQSClient } from '@aws-sdk/client-sqs';
import { SQS_BATCH_LIMIT } from '../../core/chunk.js';
import type { LocalLogger } from '../logger.js';
import { deleteMessages, type QueueRef, type ReceivedRef } from '../sqs/batch-ops.js';

/**
 * Deletes with DeleteMessageBatch, 10 at a time as sqsd 2.0 does (docs/sqsd-behaviour.md#response-handling).
 * 2.0 flushes every 2 s; here a batch is flushed at 10 entries or on the next turn of the event loop, so a
 * short VisibilityTimeout cannot expire while a delete waits.
 */
class DeleteBatcher {
  readonly #client: SQSClient;
  readonly #queue: QueueRef;
  readonly #logger: LocalLogger;
  #pending: Array<{ ref: ReceivedRef; resolve: (deleted: boolean) => void }> = [];
  #scheduled = false;

  constructor(client: SQSClient, queue: QueueRef, logger: LocalLogger) {
    this.#client = client;
    this.#queue = queue;
    this.#logger = logger;
  }

  /** Resolves true once the message is deleted, false if SQS refused (logged). Never rejects. */
  delete(ref: ReceivedRef): Promise<boolean> {
    return new Promise((resolve) => {
      this.#pending.push({ ref, resolve });
      if (this.#pending.length >= SQS_BATCH_LIMIT) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, SQS_BATCH_LIMIT);
      void deleteMessages(
        this.#client,
        this.#queue,
        batch.map((item) => item.ref),
        this.#logger,
      ).then((outcome) => {
        const ok = new Set(outcome.succeeded);
        for (const item of batch) item.resolve(ok.has(item.ref.messageId));
      });
    }
  }
}

export { DeleteBatcher };
