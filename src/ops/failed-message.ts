/** What `worker:failed` knows about one DLQ message, and how it would be put back (src/ops/dead-letter-message.ts). */
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

type DeadLetterKind = 'worker' | 'redriven' | 'scheduled-run' | 'scheduler' | 'unknown';

/** How a DLQ message is put back where it came from; `none` says why it cannot be. */
type RetryPlan =
  | {
      kind: 'send';
      /** Source queue name (not URL). */
      queue: string;
      body: string;
      /** Original attributes, `worker.*` stripped. */
      attributes: Record<string, MessageAttributeValue>;
      /** FIFO group of the original message. */
      groupId?: string;
    }
  | {
      kind: 'invoke';
      /** Function ARN or name; undefined: the service's scheduled function. */
      function?: string;
      payload: unknown;
    }
  | { kind: 'none'; reason: string };

type FailedMessage = {
  kind: DeadLetterKind;
  /** The DLQ copy's own id. */
  dlqMessageId: string;
  receiptHandle?: string;
  /** The id the failure was logged under: `worker.original-message-id`, a run's request id, else the DLQ id. */
  originalId: string;
  task?: string;
  route?: string;
  errorName?: string;
  errorMessage?: string;
  /** Receives (worker) or invocation attempts (scheduled run) before it gave up. */
  attempts?: number;
  sourceQueue?: string;
  /** When the DLQ copy was sent. */
  sentAt?: Date;
  /** The tick a scheduled run was for. */
  scheduledTime?: string;
  /** Schedule (Scheduler) or function (Lambda) ARN the failure came from. */
  origin?: string;
  body: string;
  retry: RetryPlan;
};

type DecodeContext = {
  /** Source queue to assume for `redriven` messages when SQS did not record one (only one queue redrives here). */
  defaultSourceQueue?: string;
};

export type { DeadLetterKind, DecodeContext, FailedMessage, RetryPlan };
