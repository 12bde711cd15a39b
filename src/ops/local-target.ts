/**
 * The local tier as a target (`--endpoint`): queue URLs from the endpoint by the names the service model
 * gives them (as `npm start` creates them), runs through the tier's Lambda Invoke endpoint
 * (src/local/lambda/invoke-api.ts). No real credentials are read.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { isConnectionRefused } from '../local/cli/send-messages.js';
import { createLocalSqsClient } from '../local/sqs/embedded-sqs.js';
import { LOCAL_CREDENTIALS } from '../local/sqs/local-credentials.js';
import type { LocalService } from '../service/service-model.js';
import { OpsError } from './ops-error.js';
import type { OpsTarget, TargetOptions } from './ops-target.js';
import { serviceParts } from './service-parts.js';

async function localTarget(
  service: LocalService,
  endpoint: string,
  options: TargetOptions,
): Promise<OpsTarget> {
  const region = options.region ?? service.region;
  const parts = serviceParts(service);
  const sqs = createLocalSqsClient({ endpoint, region });
  const lambda = new LambdaClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  const destroy = () => {
    sqs.destroy();
    lambda.destroy();
  };
  const queueUrl = async (name: string) => {
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      if (QueueUrl === undefined)
        throw new OpsError(`${endpoint} returned no URL for ${name}`, { queue: name });
      return QueueUrl;
    } catch (error) {
      if (isConnectionRefused(error)) {
        throw new OpsError(
          `nothing is listening on ${endpoint}: is \`npm start\` running?`,
          {},
          { cause: error },
        );
      }
      if ((error as Error).name === 'QueueDoesNotExist') {
        throw new OpsError(
          `${endpoint} has no queue ${name}: is \`npm start\` running with the same --stage?`,
          {
            queue: name,
          },
        );
      }
      throw error;
    }
  };
  try {
    const deadLetterQueueUrl = await queueUrl(parts.deadLetterQueue.name);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return {
      mode: 'local',
      description: `local tier at ${endpoint}`,
      region,
      accountId: Attributes?.QueueArn?.split(':')[4] ?? '000000000000',
      sqs,
      lambda,
      workQueueUrl: await queueUrl(parts.workQueue.name),
      deadLetterQueueUrl,
      workQueueName: parts.workQueue.name,
      queueUrl,
      scheduledFunction: parts.scheduled?.name,
      workerFunction: parts.worker.name,
      // The tier names schedule ARNs in the group serverless.yml gives as a literal, else `default`.
      scheduleGroup: parts.scheduled?.schedules.find((s) => s.group !== undefined)?.group ?? 'default',
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}

export { localTarget };
