/**
 * Dead-letter copies through the real SDK into fauxqs: every copy must be a message SQS itself would
 * accept (fauxqs accepts anything, so what arrives is checked against SQS's attribute rules), and must
 * carry what matches it to its log line: the original message id and the route it failed on.
 */
import * as sdk from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDeadLetterSender } from '../../src/aws/dead-letter.js';
import type { SqsProvider } from '../../src/aws/sqs-client.js';
import { parseQueueArn } from '../../src/core/queue-arn.js';
import { toSqsRecord } from '../../src/local/lambda/sqs-records.js';
import { createQueuePair, useEmbeddedSqs } from '../helpers/embedded-queues.js';
import { sqsEventFactory } from '../helpers/factories.js';
import { receive } from '../helpers/queue-io.js';
import { sqsAttributeProblems } from '../helpers/sqs-attribute-rules.js';
import { asWorkerHandler, failedIds, workerDeps } from '../helpers/worker.js';

const embedded = useEmbeddedSqs();

const bodies = {
  invalidEmail: JSON.stringify({ type: 'user_signup', userId: 'u-2', email: 'not-an-email' }),
  unknown: JSON.stringify({ type: 'invoice_reminder', invoiceId: 'i-9' }),
  notJson: 'this is not json',
};

const attributes: Record<string, sdk.MessageAttributeValue> = {
  'trace-id': { DataType: 'String', StringValue: 't-1' },
  amount: { DataType: 'Number', StringValue: '42' },
  ratio: { DataType: 'Number.float', StringValue: '0.5' },
  blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) },
  packed: { DataType: 'Binary.gz', BinaryValue: Uint8Array.from([31, 139]) },
  doc: { DataType: 'String.json', StringValue: '{"a":1}' },
};

/**
 * What Lambda records can carry besides what was sent: `binaryValue: null` on string attributes and a
 * stray field the data type does not name. The mapping must go by the data type alone.
 */
function asLambdaDelivers(record: SQSRecord): SQSRecord {
  const messageAttributes = { ...record.messageAttributes };
  for (const [name, value] of Object.entries(messageAttributes)) {
    const base = value.dataType.split('.')[0];
    messageAttributes[name] =
      base === 'Binary'
        ? { ...value, stringValue: null as unknown as undefined }
        : { ...value, binaryValue: name === 'amount' ? 'AAEC' : (null as unknown as undefined) };
  }
  return { ...record, messageAttributes };
}

async function failAll(prefix: string) {
  const { client } = embedded;
  const { main, dlq } = await createQueuePair(client, { prefix, visibilityTimeout: 30 });
  const ids = new Map<string, string>();
  for (const body of Object.values(bodies)) {
    const sent = await client.send(
      new sdk.SendMessageCommand({ QueueUrl: main.url, MessageBody: body, MessageAttributes: attributes }),
    );
    ids.set(body, sent.MessageId ?? '');
  }
  const received = await receive(client, main.url, { waitSeconds: 1 });
  expect(received).toHaveLength(3);
  const sqs: SqsProvider = async () => ({ sdk, client });
  const { deps, capture } = workerDeps({
    sqs,
    deadLetter: createDeadLetterSender({ queueUrl: dlq.url, sqs }),
  });
  const records = received.map((message) => asLambdaDelivers(toSqsRecord(message, parseQueueArn(main.arn))));

  const response = await asWorkerHandler(deps)(sqsEventFactory(records));

  const copies = await receive(client, dlq.url, { waitSeconds: 1 });
  return { ids, copies, failed: failedIds(response), capture, queue: main.name };
}

describe('dead-letter copies on fauxqs through the real SDK', () => {
  it('every copy is a valid SQS message keeping every original attribute by its data type', async () => {
    const { copies, failed } = await failAll('dlq-valid');

    expect(failed).toEqual([]);
    expect(copies).toHaveLength(3);
    for (const copy of copies) {
      expect(sqsAttributeProblems(copy.MessageAttributes)).toEqual([]);
      const kept = copy.MessageAttributes ?? {};
      expect(kept['trace-id']).toMatchObject({ DataType: 'String', StringValue: 't-1' });
      expect(kept.amount).toMatchObject({ DataType: 'Number', StringValue: '42' });
      expect(kept.ratio).toMatchObject({ DataType: 'Number.float', StringValue: '0.5' });
      expect([...(kept.blob?.BinaryValue ?? [])]).toEqual([1, 2, 3]);
      expect(kept.packed?.DataType).toBe('Binary.gz');
      expect([...(kept.packed?.BinaryValue ?? [])]).toEqual([31, 139]);
      expect(kept.doc).toMatchObject({ DataType: 'String.json', StringValue: '{"a":1}' });
    }
  });

  it('every copy carries the original message id and its route, and matches its log line', async () => {
    const { ids, copies, capture } = await failAll('dlq-match');

    const byBody = new Map(copies.map((copy) => [copy.Body ?? '', copy]));
    const value = (body: string, name: string) => byBody.get(body)?.MessageAttributes?.[name]?.StringValue;
    for (const [body, id] of ids) expect(value(body, 'worker.original-message-id')).toBe(id);
    expect(value(bodies.unknown, 'worker.route')).toBe('invoice_reminder');
    expect(value(bodies.invalidEmail, 'worker.route')).toBe('user_signup');
    expect(value(bodies.notJson, 'worker.route')).toBe('(none)');
    // The log line names both ids: the original and the copy's.
    const lines = capture.withMessage('message dead-lettered');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const copy = copies.find((c) => c.MessageId === line.deadLetterMessageId);
      expect(copy?.MessageAttributes?.['worker.original-message-id']?.StringValue).toBe(line.messageId);
    }
  });
});
