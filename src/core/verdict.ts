import type { Outcome } from './dispatch.js';

/**
 * How the transport must acknowledge a delivery:
 * - `ack`: processed; delete it.
 * - `dead-lettered`: permanent failure, copied to the DLQ; delete it.
 * - `reject`: permanent failure that could not be dead-lettered here; leave it for SQS redrive.
 * - `deleted`: no task has its route and the unknown-task policy is `delete`; logged at warn, delete it.
 * - `retry`: retryable failure; leave it.
 */
type Action = 'ack' | 'dead-lettered' | 'deleted' | 'reject' | 'retry';

/** An outcome and how the transport must acknowledge it (process-delivery.ts decides it). */
type Verdict = { action: Action; outcome: Outcome };

export type { Action, Verdict };
