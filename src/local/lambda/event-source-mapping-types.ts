import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalLogger } from '../logger.js';
import type { LocalFunctionConfig } from './invoke-handler.js';

/** Any async Lambda handler for SQS events: a plain function or a middy-wrapped one. */
type SqsLambdaHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

/** Settings of one emulated SQS → Lambda event source mapping. Ranges follow the Lambda API. */
type EventSourceMappingOptions = {
  /** Client for the queue's endpoint (see `createLocalSqsClient`). */
  client: SQSClient;
  /** URL of the source queue. */
  queueUrl: string;
  /** The function's handler. */
  handler: SqsLambdaHandler;
  /** Name, timeout and memory of the function (context values and the invocation timeout). */
  function: LocalFunctionConfig;
  /**
   * Most records per invocation: 1–10000, at most 10 for FIFO queues; above 10 needs
   * `maximumBatchingWindow` ≥ 1.
   * @defaultValue 10
   */
  batchSize?: number;
  /**
   * Seconds (0–300) to keep gathering records after the first one arrives before invoking.
   * Not allowed for FIFO queues.
   * @defaultValue 0
   */
  maximumBatchingWindow?: number;
  /**
   * Most concurrent invocations (2–1000, `ScalingConfig.MaximumConcurrency`). Each slot is
   * one poller that receives a batch, invokes, and applies the response.
   * @defaultValue 2
   */
  maximumConcurrency?: number;
  /**
   * `FunctionResponseTypes: [ReportBatchItemFailures]` (serverless.yml
   * `functionResponseType: ReportBatchItemFailures`). Off: the response is ignored, a
   * successful invocation deletes the whole batch.
   * @defaultValue false
   */
  reportBatchItemFailures?: boolean;
  /**
   * Long-poll `WaitTimeSeconds` (0–20) while the queue is empty. Lower it only to make
   * `stop()` cheaper on remote queues; an aborted poll can leave a message invisible.
   * @defaultValue 20
   */
  waitTimeSeconds?: number;
  /**
   * Invoke payload cap in bytes (Lambda's synchronous invoke quota). Records beyond it go
   * back to the queue and are received again later.
   * @defaultValue 6291456 (6 MiB)
   */
  maxPayloadBytes?: number;
  /** Where to log failures and warnings. @defaultValue console */
  logger?: LocalLogger;
};

/** Running totals of one mapping, for a status line. */
type EventSourceMappingStats = {
  /** Messages received (records built). A message counts again on every receive. */
  received: number;
  /** Messages deleted after an invocation. */
  processed: number;
  /** Messages left on the queue after an invocation (reported failures or a failed batch). */
  failed: number;
  /** Handler invocations. */
  invocations: number;
  /** Invocations that failed the whole batch: threw, timed out or returned an invalid response. */
  errors: number;
  /** Messages whose DeleteMessageBatch entry failed; they will be received again. */
  deleteErrors: number;
  /** Failed ReceiveMessage calls (the poller backs off and retries). */
  pollErrors: number;
  /** Batches currently being invoked (or waiting for their FIFO group). */
  inFlight: number;
};

/** What happened to one batch. */
type BatchReport = {
  awsRequestId: string;
  /** messageIds of the batch, in record order. */
  messageIds: string[];
  /** `success`: all deleted; `partial`: listed failures left; `failure`: nothing deleted. */
  outcome: 'success' | 'partial' | 'failure';
  /** messageIds actually deleted. */
  deleted: string[];
  /** messageIds left on the queue (they come back after their visibility timeout). */
  left: string[];
  /** Why the whole batch failed (thrown error, timeout, invalid partial batch response). */
  error?: Error;
  /** A response shape AWS does not document, handled as success. */
  warning?: string;
};

/** Events a mapping emits (listener errors are logged, never thrown into the poller). */
type EventSourceMappingEvents = {
  /** A batch was received and is about to be invoked. */
  received: [records: readonly SQSRecord[]];
  /** A batch was invoked and its response applied. */
  batch: [report: BatchReport];
  /** A ReceiveMessage call failed. */
  pollError: [error: Error];
};

export type {
  BatchReport,
  EventSourceMappingEvents,
  EventSourceMappingOptions,
  EventSourceMappingStats,
  SqsLambdaHandler,
};
