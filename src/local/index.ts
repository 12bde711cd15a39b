/**
 * Local worker tier: an in-process SQS (fauxqs), an emulation of Lambda's SQS event source
 * mapping, and an EventBridge schedule runner. Nothing here reads serverless.yml or knows
 * the project's handlers; the CLI wires them together.
 */

export type { BatchDisposition } from './batch-response.js';
export { InvalidBatchResponseError, interpretBatchResponse } from './batch-response.js';
export type { Clock, ManualClock, TimerHandle } from './clock.js';
export { createManualClock, createSystemClock } from './clock.js';
export type { EmbeddedSqs, EmbeddedSqsOptions, LocalSqsClientOptions } from './embedded-sqs.js';
export { createLocalSqsClient, startEmbeddedSqs } from './embedded-sqs.js';
export { EventSourceMapping } from './event-source-mapping.js';
export type {
  BatchReport,
  EventSourceMappingEvents,
  EventSourceMappingOptions,
  EventSourceMappingStats,
  SqsLambdaHandler,
} from './event-source-mapping-types.js';
export type { LocalFunctionConfig } from './lambda-invoke.js';
export { InvocationTimeoutError } from './lambda-invoke.js';
export type { LocalLogger } from './logger.js';
export { consoleLogger } from './logger.js';
export type { CreatedQueue, LocalRedrivePolicy, QueueDefinition } from './queue-setup.js';
export { createQueues } from './queue-setup.js';
export type { ScheduleExpression } from './schedule-expression.js';
export { parseScheduleExpression } from './schedule-expression.js';
export type { ScheduleFiring, ScheduleMethod } from './schedule-payload.js';
export { buildSchedulePayload } from './schedule-payload.js';
export type {
  LocalSchedule,
  ScheduleFiredReport,
  ScheduleRunnerOptions,
  ScheduleTrigger,
} from './schedule-types.js';
export { ScheduleRunner } from './schedules.js';
