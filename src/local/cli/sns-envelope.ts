import { randomBytes, randomUUID } from 'node:crypto';

/** Where the emulated topic lives. The name only shows up in TopicArn/UnsubscribeURL. */
type TopicInfo = { region: string; accountId: string; topicName: string; fifo: boolean };

/**
 * The body SNS delivers to a subscribed SQS queue without raw message delivery: a Notification envelope
 * around the message (test/fixtures/aws/sns-notification-envelope.json). FIFO topics send no signature
 * fields and add a SequenceNumber (test/fixtures/aws/sqs-event-sns-fifo-envelope.json). The signature is
 * random bytes: nothing local can verify it, and the worker does not.
 */
function snsEnvelope(message: string, topic: TopicInfo, sequence: bigint, now = new Date()): string {
  const topicArn = `arn:aws:sns:${topic.region}:${topic.accountId}:${topic.topicName}${topic.fifo ? '.fifo' : ''}`;
  const host = `https://sns.${topic.region}.amazonaws.com`;
  const unsubscribe = `${host}/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`;
  const envelope = topic.fifo
    ? {
        Type: 'Notification',
        MessageId: randomUUID(),
        SequenceNumber: String(10_000_000_000_000_000_000n + sequence),
        TopicArn: topicArn,
        Message: message,
        Timestamp: now.toISOString(),
        UnsubscribeURL: unsubscribe,
      }
    : {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: topicArn,
        Message: message,
        Timestamp: now.toISOString(),
        SignatureVersion: '1',
        Signature: randomBytes(256).toString('base64'),
        SigningCertURL: `${host}/SimpleNotificationService-local.pem`,
        UnsubscribeURL: unsubscribe,
      };
  // SNS pretty-prints the envelope it hands to SQS.
  return JSON.stringify(envelope, null, 2);
}

export type { TopicInfo };
export { snsEnvelope };
