import type { SQSClient } from '@aws-sdk/client-sqs';
import { parseQueueArn, queueNameFromArn } from '../../core/queue-arn.js';
import type { IntrinsicContext } from '../../service/intrinsics.js';
import type { LocalService, ServiceQueue } from '../../service/service-model.js';
import { LocalTierError } from '../local-tier-error.js';
import { createQueues, type QueueDefinition } from '../sqs/queue-setup.js';
import type { TierQueue } from './tier-types.js';

/** `Fn::GetAtt: [Dlq, Arn]`, `Fn::GetAtt: Dlq.Arn` or a literal ARN of a service queue → its logical id. */
function deadLetterLogicalId(queue: ServiceQueue, all: readonly ServiceQueue[]): string {
  const target = queue.redrive?.target;
  if (typeof target === 'object' && target !== null && 'Fn::GetAtt' in target) {
    const getAtt = (target as { 'Fn::GetAtt': unknown })['Fn::GetAtt'];
    const [id, attribute] = Array.isArray(getAtt) ? getAtt.map(String) : String(getAtt).split('.');
    if (attribute === 'Arn' && all.some((q) => q.logicalId === id) && id !== undefined) return id;
  }
  if (typeof target === 'string') {
    const name = queueNameFromArn(target);
    const byName = all.find((q) => q.name === name);
    if (byName !== undefined) return byName.logicalId;
  }
  throw new LocalTierError(
    `Queue ${queue.logicalId}: RedrivePolicy.deadLetterTargetArn ${JSON.stringify(target)} is not the Arn of a queue in this service`,
  );
}

function toDefinition(queue: ServiceQueue, all: readonly ServiceQueue[]): QueueDefinition {
  return {
    logicalId: queue.logicalId,
    name: queue.name,
    fifo: queue.fifo,
    attributes: {
      VisibilityTimeout: queue.visibilityTimeout,
      MessageRetentionPeriod: queue.messageRetentionPeriod,
      DelaySeconds: queue.delaySeconds,
      ContentBasedDeduplication: queue.contentBasedDeduplication,
      RedrivePolicy:
        queue.redrive === undefined
          ? undefined
          : {
              deadLetterTargetLogicalId: deadLetterLogicalId(queue, all),
              maxReceiveCount: queue.redrive.maxReceiveCount,
            },
    },
  };
}

/**
 * Create the service's queues (only missing ones when `onlyIfMissing`) and describe them. Properties the
 * emulator does not apply are returned as notes.
 */
async function setUpQueues(
  client: SQSClient,
  service: LocalService,
  onlyIfMissing: boolean,
): Promise<{ queues: TierQueue[]; notes: string[] }> {
  const definitions = service.queues.map((queue) => toDefinition(queue, service.queues));
  const created = await createQueues(client, definitions, { onlyIfMissing });
  const notes: string[] = [];
  const queues = service.queues.map((queue): TierQueue => {
    const made = created.get(queue.logicalId);
    if (made === undefined) throw new LocalTierError(`Queue ${queue.logicalId} was not created`);
    if (queue.ignored.length > 0) notes.push(`${queue.logicalId}: not emulated: ${queue.ignored.join(', ')}`);
    if (made.created === false)
      notes.push(`${queue.logicalId}: existing queue reused as it is (${made.url})`);
    const redrive = definitions.find((d) => d.logicalId === queue.logicalId)?.attributes?.RedrivePolicy;
    return {
      logicalId: queue.logicalId,
      name: made.name,
      url: made.url,
      arn: made.arn,
      fifo: queue.fifo,
      ...(redrive === undefined
        ? {}
        : { deadLetter: redrive.deadLetterTargetLogicalId, maxReceiveCount: redrive.maxReceiveCount }),
    };
  });
  return { queues, notes };
}

/** Resolution context for intrinsics once the queues exist. */
function intrinsicContext(service: LocalService, queues: readonly TierQueue[], region: string) {
  const first = queues[0];
  const accountId = first === undefined ? '000000000000' : parseQueueArn(first.arn).accountId;
  const context: IntrinsicContext = {
    queues: new Map(queues.map((queue) => [queue.logicalId, queue])),
    region,
    accountId,
    stackName: `${service.service}-${service.stage}`,
  };
  return context;
}

export { intrinsicContext, setUpQueues };
