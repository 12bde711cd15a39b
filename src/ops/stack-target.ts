/**
 * The deployed stack as a target: queue URLs and function names come from the stack's outputs and
 * resources (DescribeStacks, ListStackResources with paging), never from naming conventions.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalService } from '../service/service-model.js';
import { OpsError } from './ops-error.js';
import type { OpsTarget, TargetOptions } from './ops-target.js';
import { lambdaLogicalId, serviceParts } from './service-parts.js';

type StackResource = { type: string; physicalId: string };

type StackDescription = {
  stackId: string;
  outputs: Map<string, string>;
  /** By logical id. */
  resources: Map<string, StackResource>;
};

async function describeStack(client: CloudFormationClient, stackName: string): Promise<StackDescription> {
  let stack: { StackId?: string; Outputs?: { OutputKey?: string; OutputValue?: string }[] } | undefined;
  try {
    [stack] = (await client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks ?? [];
  } catch (error) {
    if ((error as Error).name === 'ValidationError') {
      throw new OpsError(
        `stack ${stackName} does not exist (deployed? right --stage/--region/--aws-profile?)`,
        {
          stack: stackName,
        },
        { cause: error },
      );
    }
    throw new OpsError(
      `cannot describe stack ${stackName}: ${(error as Error).message}`,
      { stack: stackName },
      {
        cause: error,
      },
    );
  }
  if (stack?.StackId === undefined)
    throw new OpsError(`stack ${stackName} was not returned`, { stack: stackName });
  const outputs = new Map<string, string>();
  for (const output of stack.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue) outputs.set(output.OutputKey, output.OutputValue);
  }
  const resources = new Map<string, StackResource>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    for (const summary of page.StackResourceSummaries ?? []) {
      if (summary.LogicalResourceId && summary.PhysicalResourceId && summary.ResourceType) {
        resources.set(summary.LogicalResourceId, {
          type: summary.ResourceType,
          physicalId: summary.PhysicalResourceId,
        });
      }
    }
    token = page.NextToken;
  } while (token);
  return { stackId: stack.StackId, outputs, resources };
}

function physicalId(stack: StackDescription, logicalId: string, type: string, stackName: string): string {
  const resource = stack.resources.get(logicalId);
  if (resource === undefined || resource.type !== type) {
    throw new OpsError(
      `stack ${stackName} has no ${type} ${logicalId} (deployed from this serverless.yml?)`,
      {
        stack: stackName,
      },
    );
  }
  return resource.physicalId;
}

/**
 * Resolve the deployed stack of `service`. Queue URLs: the WorkQueueUrl/DeadLetterQueueUrl outputs when
 * present, else the queues' physical ids (an AWS::SQS::Queue's physical id is its URL).
 */
async function stackTarget(
  service: LocalService,
  stackName: string,
  options: TargetOptions,
): Promise<OpsTarget> {
  const region = options.region ?? service.region;
  const config = { region, profile: options.profile };
  const cloudFormation = new CloudFormationClient(config);
  let stack: StackDescription;
  try {
    stack = await describeStack(cloudFormation, stackName);
  } finally {
    cloudFormation.destroy();
  }
  const parts = serviceParts(service);
  const queueUrl = (logicalId: string, output: string) =>
    stack.outputs.get(output) ?? physicalId(stack, logicalId, 'AWS::SQS::Queue', stackName);
  const byName = new Map<string, string>();
  for (const [, resource] of stack.resources) {
    if (resource.type === 'AWS::SQS::Queue')
      byName.set(resource.physicalId.split('/').pop() ?? '', resource.physicalId);
  }
  const functionName = (key: string) =>
    physicalId(stack, lambdaLogicalId(key), 'AWS::Lambda::Function', stackName);
  const sqs = new SQSClient(config);
  const lambda = new LambdaClient(config);
  return {
    mode: 'deployed',
    description: `stack ${stackName} (${region})`,
    region,
    // arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>
    accountId: stack.stackId.split(':')[4] ?? '',
    sqs,
    lambda,
    workQueueUrl: queueUrl(parts.workQueue.logicalId, 'WorkQueueUrl'),
    deadLetterQueueUrl: queueUrl(parts.deadLetterQueue.logicalId, 'DeadLetterQueueUrl'),
    workQueueName: parts.workQueue.name,
    queueUrl: async (name) => {
      const url = byName.get(name);
      if (url === undefined)
        throw new OpsError(`queue ${name} is not in stack ${stackName}`, { queue: name });
      return url;
    },
    scheduledFunction: parts.scheduled === undefined ? undefined : functionName(parts.scheduled.key),
    workerFunction: functionName(parts.worker.key),
    scheduleGroup: stack.outputs.get('ScheduleGroupName') ?? 'default',
    destroy: () => {
      sqs.destroy();
      lambda.destroy();
    },
  };
}

export { describeStack, stackTarget };
