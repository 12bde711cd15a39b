/**
 * What the local tier needs from `serverless print --format json`: the service's own SQS queues and its
 * functions with their sqs and schedule events. Values are taken as printed; CloudFormation intrinsics
 * (`Ref`, `Fn::GetAtt`, …) stay raw here and are resolved once the queues exist (intrinsics.ts).
 */

import { asNumber, asObject, type Json, optionalNumber, optionalObject } from './printed-values.js';
import { readScheduleEvent, type ScheduleEventModel } from './schedule-events.js';
import { ServiceModelError } from './service-model-error.js';

/** One `AWS::SQS::Queue` resource. */
type ServiceQueue = {
  logicalId: string;
  /** `QueueName`, or the name the tier gives an unnamed queue (`<service>-<stage>-<logicalId>`). */
  name: string;
  fifo: boolean;
  visibilityTimeout?: number;
  messageRetentionPeriod?: number;
  delaySeconds?: number;
  contentBasedDeduplication?: boolean;
  /** `deadLetterTargetArn` still unresolved (usually `Fn::GetAtt: [Dlq, Arn]`). */
  redrive?: { target: unknown; maxReceiveCount: number };
  /** Properties the emulator does not apply (encryption, tags, …), for a start-up note. */
  ignored: string[];
};

/** One `sqs` event of a function (serverless.yml names and defaults). */
type SqsEventModel = {
  arn: unknown;
  batchSize: number;
  maximumBatchingWindow: number;
  maximumConcurrency?: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
  hasFilterPatterns: boolean;
};

type ServiceFunction = {
  /** Key under `functions:`. */
  key: string;
  /** Deployed name (`<service>-<stage>-<key>` unless set). */
  name: string;
  /** `path/to/module.export`. */
  handler: string;
  timeout: number;
  memorySize: number;
  /** provider.environment then the function's, values unresolved. */
  environment: Json;
  maximumRetryAttempts: number;
  /** `destinations.onFailure` when it is an SQS queue (unresolved ARN). */
  onFailureQueue?: unknown;
  sqs: SqsEventModel[];
  schedules: ScheduleEventModel[];
};

type LocalService = {
  service: string;
  stage: string;
  region: string;
  queues: ServiceQueue[];
  functions: ServiceFunction[];
};

const QUEUE_PROPERTIES = new Set([
  'QueueName',
  'FifoQueue',
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ContentBasedDeduplication',
  'RedrivePolicy',
]);

function readQueue(logicalId: string, resource: Json, prefix: string): ServiceQueue {
  const where = `resources.Resources.${logicalId}.Properties`;
  const properties = optionalObject(resource.Properties, where);
  const fifo = properties.FifoQueue === true || properties.FifoQueue === 'true';
  // CloudFormation generates a name for an unnamed queue (adding .fifo for FIFO); ours is stable instead.
  const name =
    typeof properties.QueueName === 'string'
      ? properties.QueueName
      : `${prefix}-${logicalId}${fifo ? '.fifo' : ''}`;
  const rawRedrive =
    typeof properties.RedrivePolicy === 'string'
      ? JSON.parse(properties.RedrivePolicy)
      : properties.RedrivePolicy;
  const redrive =
    rawRedrive === undefined
      ? undefined
      : {
          target: asObject(rawRedrive, `${where}.RedrivePolicy`).deadLetterTargetArn,
          maxReceiveCount: asNumber(
            (rawRedrive as Json).maxReceiveCount,
            `${where}.RedrivePolicy.maxReceiveCount`,
          ),
        };
  const flag = (value: unknown) => (value === undefined ? undefined : value === true || value === 'true');
  return {
    logicalId,
    name,
    fifo,
    visibilityTimeout: optionalNumber(properties.VisibilityTimeout, `${where}.VisibilityTimeout`),
    messageRetentionPeriod: optionalNumber(
      properties.MessageRetentionPeriod,
      `${where}.MessageRetentionPeriod`,
    ),
    delaySeconds: optionalNumber(properties.DelaySeconds, `${where}.DelaySeconds`),
    contentBasedDeduplication: flag(properties.ContentBasedDeduplication),
    redrive,
    ignored: Object.keys(properties).filter((key) => !QUEUE_PROPERTIES.has(key)),
  };
}

function readSqsEvent(raw: unknown, where: string): SqsEventModel {
  // Short form `- sqs: arn:aws:sqs:...` is the ARN itself.
  const event = typeof raw === 'string' ? { arn: raw } : asObject(raw, where);
  return {
    arn: event.arn,
    batchSize: asNumber(event.batchSize, `${where}.batchSize`, 10),
    maximumBatchingWindow: asNumber(event.maximumBatchingWindow, `${where}.maximumBatchingWindow`, 0),
    maximumConcurrency: optionalNumber(event.maximumConcurrency, `${where}.maximumConcurrency`),
    reportBatchItemFailures: event.functionResponseType === 'ReportBatchItemFailures',
    enabled: event.enabled !== false,
    hasFilterPatterns: Array.isArray(event.filterPatterns) && event.filterPatterns.length > 0,
  };
}

function readFunction(key: string, raw: unknown, provider: Json, prefix: string): ServiceFunction {
  const where = `functions.${key}`;
  const definition = asObject(raw, where);
  if (typeof definition.handler !== 'string') {
    throw new ServiceModelError(`${where}.handler is missing (local tier runs Node handlers only)`);
  }
  const events = definition.events ?? [];
  if (!Array.isArray(events)) throw new ServiceModelError(`${where}.events must be a list`);
  const sqs: SqsEventModel[] = [];
  const schedules: ScheduleEventModel[] = [];
  const counter = { n: 0 };
  events.forEach((rawEvent, index) => {
    const event = asObject(rawEvent, `${where}.events[${index}]`);
    if (event.sqs !== undefined) sqs.push(readSqsEvent(event.sqs, `${where}.events[${index}].sqs`));
    if (event.schedule !== undefined) {
      const name = typeof definition.name === 'string' ? definition.name : `${prefix}-${key}`;
      schedules.push(
        ...readScheduleEvent(event.schedule, `${where}.events[${index}].schedule`, name, counter),
      );
    }
  });
  const onFailure = optionalObject(
    optionalObject(definition.destinations, `${where}.destinations`).onFailure,
    '',
  );
  return {
    key,
    name: typeof definition.name === 'string' ? definition.name : `${prefix}-${key}`,
    handler: definition.handler,
    // Serverless Framework defaults: 6 s, 1024 MB; provider-level values apply to every function.
    timeout: asNumber(definition.timeout ?? provider.timeout, `${where}.timeout`, 6),
    memorySize: asNumber(definition.memorySize ?? provider.memorySize, `${where}.memorySize`, 1024),
    environment: {
      ...optionalObject(provider.environment, 'provider.environment'),
      ...optionalObject(definition.environment, `${where}.environment`),
    },
    maximumRetryAttempts: asNumber(definition.maximumRetryAttempts, `${where}.maximumRetryAttempts`, 2),
    onFailureQueue: onFailure.type === 'sqs' ? onFailure.arn : undefined,
    sqs,
    schedules,
  };
}

/**
 * Reads the printed service. Throws ServiceModelError naming the path of anything it cannot use.
 * Only `AWS::SQS::Queue` resources are created locally; other resources are ignored.
 */
function readLocalService(printed: unknown): LocalService {
  const root = asObject(printed, 'the printed service');
  const service =
    typeof root.service === 'string' ? root.service : String(asObject(root.service, 'service').name);
  const provider = optionalObject(root.provider, 'provider');
  const stage = typeof provider.stage === 'string' ? provider.stage : 'dev';
  const region = typeof provider.region === 'string' ? provider.region : 'us-east-1';
  const prefix = `${service}-${stage}`;
  const resources = optionalObject(
    optionalObject(root.resources, 'resources').Resources,
    'resources.Resources',
  );
  const queues = Object.entries(resources)
    .filter(([, resource]) => (resource as Json | null)?.Type === 'AWS::SQS::Queue')
    .map(([logicalId, resource]) => readQueue(logicalId, resource as Json, prefix));
  const functions = Object.entries(optionalObject(root.functions, 'functions')).map(([key, raw]) =>
    readFunction(key, raw, provider, prefix),
  );
  return { service, stage, region, queues, functions };
}

export type { LocalService, ScheduleEventModel, ServiceFunction, ServiceQueue, SqsEventModel };
export { readLocalService, ServiceModelError };
