/** The parts of an SQS queue ARN, `arn:<partition>:sqs:<region>:<account>:<name>`. */
type QueueArn = { arn: string; partition: string; region: string; accountId: string; name: string };

/** `arn:<partition>:sqs:<region>:<account>:<name>` → its parts, or an error naming the ARN. */
function parseQueueArn(arn: string): QueueArn {
  const [prefix, partition, service, region, accountId, name, ...rest] = arn.split(':');
  if (
    prefix !== 'arn' ||
    !partition ||
    service !== 'sqs' ||
    !region ||
    !accountId ||
    !name ||
    rest.length > 0
  ) {
    throw new Error(`not an SQS queue ARN: ${JSON.stringify(arn)}`);
  }
  return { arn, partition, region, accountId, name };
}

/**
 * `arn:aws:sqs:us-east-2:123456789012:my-queue` → `my-queue` (the name sqsd puts in X-Aws-Sqsd-Queue).
 * Lenient on purpose: whatever follows the last `:`, or undefined for an absent or empty ARN, because a
 * record's eventSourceARN is only reported, never trusted.
 */
function queueNameFromArn(arn: string | undefined): string | undefined {
  // Per record: a slice, not a split into six strings.
  return arn?.slice(arn.lastIndexOf(':') + 1) || undefined;
}

export type { QueueArn };
export { parseQueueArn, queueNameFromArn };
