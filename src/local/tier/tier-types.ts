import type { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalService } from '../../service/service-model.js';
import type { Clock } from '../clock.js';
import type { ScheduleRunner } from '../eventbridge/schedule-runner.js';
import type { EventSourceMapping } from '../lambda/event-source-mapping.js';
import type { LoadedHandler } from '../lambda/handler-loader.js';
import type { LocalLogger } from '../logger.js';
import type { RunningSqsd, SqsdCronEntry } from '../sqsd/index.js';

/** What a handler override gets to build a handler in place of the module's export. */
type FunctionInfo = {
  key: string;
  name: string;
  handler: string;
  /** The function's resolved environment (also applied to process.env while the override runs). */
  environment: Readonly<Record<string, string>>;
};

/**
 * Replaces a function's handler (tests: fault injection around the real core). Return undefined to
 * import the real handler module.
 */
type HandlerOverride = (fn: FunctionInfo) => LoadedHandler | undefined | Promise<LoadedHandler | undefined>;

/** Options of {@link startLocalTier}; the CLI flags map onto these one to one. */
type LocalTierOptions = {
  /** Directory holding serverless.yml and the handler sources. @defaultValue process.cwd() */
  root?: string;
  /** The output of `serverless print --format json`; printed from `root` when absent (tests inject it). */
  service?: unknown;
  /** `--stage` for serverless print. @defaultValue serverless.yml's default */
  stage?: string;
  /** Region for ARNs, URLs and the SDK. @defaultValue the service's provider.region */
  region?: string;
  /** Embedded SQS interface. @defaultValue '127.0.0.1' */
  host?: string;
  /** Embedded SQS port; 0 picks a free one. @defaultValue 4566 */
  port?: number;
  /** Use an SQS endpoint that is already running; queues are created only if missing. */
  endpoint?: string;
  /**
   * Keep the embedded SQS's queues and messages in this folder and restore them at start
   * (docs/local-tier.md#persistence). Ignored with `endpoint`.
   * @defaultValue undefined (in memory)
   */
  dataDir?: string;
  /** Time source for schedules and async retries. @defaultValue the system clock */
  clock?: Clock;
  /** Where the tier itself logs. @defaultValue console */
  logger?: LocalLogger;
  /** Overrides LOG_LEVEL in every function's environment. */
  logLevel?: string;
  /** Replace handlers (tests). */
  handlerOverride?: HandlerOverride;
  /** Run sqsd (POSTing to an HTTP app) for the worker queue instead of the Lambda mapping. */
  sqsd?: SqsdModeOptions;
  /** Long-poll wait of the mappings (0–20). @defaultValue 20 */
  waitTimeSeconds?: number;
  /** Fire schedules. @defaultValue true */
  schedules?: boolean;
  /**
   * Sign the mappings' SQS requests (SigV4). The embedded emulator ignores signatures, so by default
   * they are signed only for `endpoint`; pass `false` for an `endpoint` that is an in-process fauxqs.
   * @defaultValue true with `endpoint`, false with the embedded SQS
   */
  sign?: boolean;
};

/** `--sqsd <url>`: EB's daemon POSTs the worker queue's messages to an HTTP app (e.g. `npm run start:http`). */
type SqsdModeOptions = {
  /** The app, e.g. `http://127.0.0.1:8080`. */
  appUrl: string;
  /** @defaultValue '/' */
  httpPath?: string;
};

/** sqsd running on the tier's worker queue (sqsd mode). */
type SqsdHandle = RunningSqsd & {
  queue: string;
  functionKey: string;
  cron: SqsdCronEntry[];
  /** What to give the HTTP app so its DLQ port reaches the tier's DLQ, as the worker function would. */
  appEnvironment: Record<string, string>;
};

/** A queue of the running tier. */
type TierQueue = {
  logicalId: string;
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  /** logicalId of the redrive target. */
  deadLetter?: string;
  maxReceiveCount?: number;
};

type TierMapping = { functionKey: string; functionName: string; queue: string; mapping: EventSourceMapping };

type TierSchedules = { functionKey: string; runner: ScheduleRunner };

/** A running local worker tier. */
type LocalTier = {
  /** SQS endpoint clients should use, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  region: string;
  accountId: string;
  service: LocalService;
  queues: TierQueue[];
  mappings: TierMapping[];
  schedules: TierSchedules[];
  sqsd?: SqsdHandle;
  /** Things configured but not emulated (filter patterns, encryption, …). */
  notes: string[];
  /** A client for the tier's endpoint (status, tests); destroyed by stop(). */
  client: SQSClient;
  queue(logicalIdOrName: string): TierQueue;
  /** Where the embedded SQS keeps its state; undefined when it is in memory or the endpoint is external. */
  dataDir?: string;
  /**
   * Stop polling and schedules, wait for in-flight invocations to settle (deletes and DLQ sends
   * included), count what is left on the queues, stop the embedded SQS, and restore process.env. Safe to
   * call twice.
   */
  stop(): Promise<StopSummary>;
};

/** What a stopped tier left behind, for the CLI's last line. */
type StopSummary = {
  /** Invocations that had not settled when the tier stopped (0 after a full drain). */
  inFlight: number;
  /** Messages left on the work queues: visible, delayed, or received and not yet deleted. */
  queued: number;
  /** Messages in the dead-letter queues. */
  deadLettered: number;
  /** Where they are kept; undefined when they were discarded (in memory) or the endpoint is external. */
  dataDir?: string;
  /** The SQS endpoint was not the tier's own, so whatever is left stays there. */
  external: boolean;
};

export type {
  FunctionInfo,
  HandlerOverride,
  LocalTier,
  LocalTierOptions,
  SqsdHandle,
  SqsdModeOptions,
  StopSummary,
  TierMapping,
  TierQueue,
  TierSchedules,
};
