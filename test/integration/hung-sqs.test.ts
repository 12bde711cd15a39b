/**
 * An SQS endpoint that accepts connections and never answers, reached through the real SDK: no DLQ send,
 * queue-URL lookup or visibility change may hold the batch past its deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeadLetterSender } from '../../src/aws/dead-letter.js';
import { lazySqs } from '../../src/aws/sqs-client.js';
import { ValidationError } from '../../src/core/errors.js';
import {
  deliveryFactory,
  lambdaContextFactory,
  sqsEventFactory,
  sqsRecordFactory,
} from '../helpers/factories.js';
import { type SilentEndpoint, startSilentEndpoint } from '../helpers/silent-endpoint.js';
import { asWorkerHandler, failedIds, workerDeps } from '../helpers/worker.js';

let silent: SilentEndpoint;
let endpoint: string;

beforeAll(async () => {
  silent = await startSilentEndpoint();
  endpoint = silent.url;
});

afterAll(() => silent.close());

const clientConfig = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};
const ok = JSON.stringify({ type: 'test' });
const invalid = JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'not-an-address' });

describe('a hung SQS endpoint', () => {
  it('a DLQ send is abandoned at the deadline: the successes of the batch stay successes', async () => {
    const sqs = lazySqs({ endpoint, clientConfig });
    const deadLetter = createDeadLetterSender({ queueUrl: `${endpoint}/000000000000/dlq`, sqs });
    const records = [sqsRecordFactory(ok), sqsRecordFactory(invalid), sqsRecordFactory(ok)];
    const { deps, capture } = workerDeps({ sqs, deadLetter, stopMarginMs: 1000 });

    const response = await asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 1500 }),
    );

    // The invalid record could not be copied: left for the queue's redrive policy, nothing lost.
    expect(failedIds(response)).toEqual([records[1]?.messageId]);
    expect(capture.withMessage('dead-letter send failed, left for the queue redrive policy')).toEqual([
      expect.objectContaining({ messageId: records[1]?.messageId }),
    ]);
    expect(capture.withMessage('whole batch failed; every record is reported for retry')).toEqual([]);
  });

  it('a queue-URL lookup and visibility change are abandoned at the deadline too', async () => {
    const sqs = lazySqs({ endpoint, clientConfig });
    const records = [sqsRecordFactory(ok), sqsRecordFactory(invalid), sqsRecordFactory(ok)];
    const { deps, capture } = workerDeps({
      sqs,
      sqsEndpoint: endpoint,
      errorVisibilityTimeout: 5,
      stopMarginMs: 1000,
    });

    const response = await asWorkerHandler(deps)(
      sqsEventFactory(records),
      lambdaContextFactory({ remainingMs: 1500 }),
    );

    expect(failedIds(response)).toEqual([records[1]?.messageId]);
    expect(capture.withMessage('cannot change visibility of failed messages')).toHaveLength(1);
    expect(capture.withMessage('whole batch failed; every record is reported for retry')).toEqual([]);
  });

  it('without any signal, the client request timeout still ends the call', async () => {
    const sqs = lazySqs({ endpoint, clientConfig, requestTimeoutMs: 200, connectionTimeoutMs: 200 });
    const send = createDeadLetterSender({ queueUrl: `${endpoint}/000000000000/dlq`, sqs });

    await expect(
      send(deliveryFactory(), new ValidationError('email', 'not a valid address')),
    ).rejects.toThrow();
  });
});
