import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { LocalTierError } from '../local-tier-error.js';

/** Redrive policy that names its dead-letter queue by logical id instead of ARN. */
type LocalRedrivePolicy = {
  /** `logicalId` of another {@link QueueDefinition} in the same list. */
  deadLetterTargetLogicalId: string;
  /** Receives after which SQS moves the message to the DLQ (AWS advises ≥ 5 behind Lambda). */
  maxReceiveCount: number;
};

/** Declarative description of one queue, as it would appear in a CloudFormation template. */
type QueueDefinition = {
  /** Key of the queue in the result map (e.g. the CloudFormation logical id). */
  logicalId: string;
  /** Queue name; FIFO queue names must end in `.fifo`. */
  name: string;
  /** Create a FIFO queue. @defaultValue false */
  fifo?: boolean;
  attributes?: {
    /** Seconds. @defaultValue 30 (SQS default) */
    VisibilityTimeout?: number;
    /** Seconds. Stored by fauxqs but not enforced (messages never expire locally). */
    MessageRetentionPeriod?: number;
    /** Seconds. @defaultValue 0 */
    DelaySeconds?: number;
    RedrivePolicy?: LocalRedrivePolicy;
    /** FIFO only. @defaultValue false */
    ContentBasedDeduplication?: boolean;
  };
};

/** A created queue. `created` is false when an existing queue was reused (`onlyIfMissing`). */
type CreatedQueue = { url: string; arn: string; name: string; created?: boolean };

/**
 * Order definitions so every dead-letter target is created before the queues that point at it
 * (a DLQ can itself have a DLQ). Throws on unknown targets and cycles.
 */
function orderDeadLettersFirst(definitions: readonly QueueDefinition[]): QueueDefinition[] {
  const byId = new Map(definitions.map((d) => [d.logicalId, d]));
  if (byId.size !== definitions.length) {
    throw new LocalTierError('Queue definitions contain duplicate logicalIds');
  }
  const ordered: QueueDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (definition: QueueDefinition, path: string[]): void => {
    const seen = state.get(definition.logicalId);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new LocalTierError(
        `Redrive policies form a cycle: ${[...path, definition.logicalId].join(' -> ')}`,
      );
    }
    state.set(definition.logicalId, 'visiting');
    const targetId = definition.attributes?.RedrivePolicy?.deadLetterTargetLogicalId;
    if (targetId !== undefined) {
      const target = byId.get(targetId);
      if (target === undefined) {
        throw new LocalTierError(
          `Queue ${definition.logicalId}: unknown dead-letter target logicalId "${targetId}"`,
        );
      }
      if (Boolean(target.fifo) !== Boolean(definition.fifo)) {
        // AWS rejects this too: a FIFO source needs a FIFO DLQ and vice versa.
        throw new LocalTierError(
          `Queue ${definition.logicalId}: dead-letter queue ${targetId} must have the same type (FIFO)`,
        );
      }
      visit(target, [...path, definition.logicalId]);
    }
    state.set(definition.logicalId, 'done');
    ordered.push(definition);
  };
  for (const definition of definitions) visit(definition, []);
  return ordered;
}

function toSqsAttributes(
  definition: QueueDefinition,
  created: Map<string, CreatedQueue>,
): Record<string, string> {
  const attributes: Record<string, string> = {};
  const input = definition.attributes ?? {};
  if (definition.fifo) attributes.FifoQueue = 'true';
  if (input.VisibilityTimeout !== undefined) attributes.VisibilityTimeout = String(input.VisibilityTimeout);
  if (input.MessageRetentionPeriod !== undefined) {
    attributes.MessageRetentionPeriod = String(input.MessageRetentionPeriod);
  }
  if (input.DelaySeconds !== undefined) attributes.DelaySeconds = String(input.DelaySeconds);
  if (input.ContentBasedDeduplication !== undefined) {
    attributes.ContentBasedDeduplication = String(input.ContentBasedDeduplication);
  }
  if (input.RedrivePolicy !== undefined) {
    const target = created.get(input.RedrivePolicy.deadLetterTargetLogicalId);
    // orderDeadLettersFirst guarantees creation order; this guards against misuse.
    if (target === undefined) throw new LocalTierError(`Queue ${definition.logicalId}: DLQ not created yet`);
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: target.arn,
      maxReceiveCount: input.RedrivePolicy.maxReceiveCount,
    });
  }
  return attributes;
}

/** The URL of an existing queue, or undefined when there is none by that name. */
async function existingQueueUrl(client: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist || (error as Error).name === 'QueueDoesNotExist') return undefined;
    throw error;
  }
}

/** Options for {@link createQueues}. */
type CreateQueuesOptions = {
  /**
   * Use a queue that already exists as it is (attributes untouched) and create only missing ones;
   * for a shared endpoint whose queues someone else set up. `created` in the result says which.
   * @defaultValue false
   */
  onlyIfMissing?: boolean;
};

/**
 * Create queues (dead-letter targets first) and return them by logical id.
 * CreateQueue is idempotent in SQS, so re-running against a live emulator is safe as long
 * as attributes did not change.
 */
async function createQueues(
  client: SQSClient,
  definitions: readonly QueueDefinition[],
  options: CreateQueuesOptions = {},
): Promise<Map<string, CreatedQueue>> {
  const created = new Map<string, CreatedQueue>();
  for (const definition of orderDeadLettersFirst(definitions)) {
    if (Boolean(definition.fifo) !== definition.name.endsWith('.fifo')) {
      throw new LocalTierError(
        `Queue ${definition.logicalId}: FIFO queues, and only they, need a ".fifo" name suffix`,
      );
    }
    const attributes = toSqsAttributes(definition, created);
    try {
      const existing = options.onlyIfMissing ? await existingQueueUrl(client, definition.name) : undefined;
      const { QueueUrl: url } =
        existing === undefined
          ? await client.send(new CreateQueueCommand({ QueueName: definition.name, Attributes: attributes }))
          : { QueueUrl: existing };
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      const arn = Attributes?.QueueArn;
      if (url === undefined || arn === undefined)
        throw new LocalTierError('SQS returned no QueueUrl/QueueArn');
      created.set(definition.logicalId, { url, arn, name: definition.name, created: existing === undefined });
    } catch (error) {
      throw new LocalTierError(`Cannot create queue ${definition.logicalId} (${definition.name})`, {
        cause: error,
      });
    }
  }
  return created;
}

export type { CreatedQueue, CreateQueuesOptions, LocalRedrivePolicy, QueueDefinition };
export { createQueues, orderDeadLettersFirst };
