import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** Where the commands act: the deployed stack, or the local tier behind `--endpoint`. */
type OpsTarget = {
  mode: 'deployed' | 'local';
  /** For messages: `stack worker-tier-dev (us-east-1)` or `local tier at http://127.0.0.1:4566`. */
  description: string;
  region: string;
  accountId: string;
  sqs: SQSClient;
  lambda: LambdaClient;
  workQueueUrl: string;
  deadLetterQueueUrl: string;
  /** Name of the queue that redrives to the DLQ, for SQS-moved messages that carry no source. */
  workQueueName: string;
  /** URL of one of the service's queues by name (a DLQ message names its source queue). */
  queueUrl(name: string): Promise<string>;
  /** Deployed name of the scheduled function; undefined when the service has none. */
  scheduledFunction?: string;
  workerFunction: string;
  /** Scheduler group the schedules live in (part of their ARNs). */
  scheduleGroup: string;
  destroy(): void;
};

/** What selects a target: `--endpoint` means the local tier, otherwise the deployed stack. */
type TargetOptions = {
  stage?: string;
  region?: string;
  /** `--aws-profile`. */
  profile?: string;
  endpoint?: string;
};

export type { OpsTarget, TargetOptions };
