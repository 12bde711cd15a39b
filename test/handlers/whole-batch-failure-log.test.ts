/**
 * The one line logged when a whole SQS batch fails outside the per-record code: it must say why and which
 * messages came back, stay small for a 10,000-record batch, and never throw (a throw here would turn the
 * partial-batch response into a failed invocation).
 */
import type { Request } from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { logBatchFailure } from '../../src/handlers/log-batch-failure.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { sqsEventFactory, sqsRecordFactory } from '../helpers/factories.js';

const requestFor = (event: unknown, error: Error): Request<SQSEvent> =>
  ({
    event,
    context: {} as Context,
    response: undefined,
    error,
    internal: {},
  }) as unknown as Request<SQSEvent>;

describe('whole-batch failure log', () => {
  it('names the cause, the record count, the first ten messageIds and the queue', async () => {
    const { log, lines } = captureLogger();
    const records = Array.from({ length: 12 }, (_, index) => sqsRecordFactory(`m${index}`));
    const request = requestFor(sqsEventFactory(records), new Error('EPIPE: stdout closed'));

    await logBatchFailure(log).onError?.(request);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'whole batch failed; every record is reported for retry',
      error: { name: 'Error', message: 'EPIPE: stdout closed' },
      records: 12,
      messageIds: records.slice(0, 10).map((record) => record.messageId),
      queue: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
    });
    expect(request.response).toBeUndefined();
  });

  it.each([{ event: {} }, { event: { Records: 'none' } }, { event: undefined }])(
    'an event without a Records list ($event) logs zero records',
    async ({ event }) => {
      const { log, lines } = captureLogger();

      await logBatchFailure(log).onError?.(requestFor(event, new Error('broken')));

      expect(lines[0]).toMatchObject({ records: 0, messageIds: [] });
      expect(lines[0]).not.toHaveProperty('queue');
    },
  );

  it('a log sink that throws does not make the hook throw', async () => {
    const log = createLogger({
      sink: () => {
        throw new Error('EPIPE');
      },
    });
    const request = requestFor(sqsEventFactory([sqsRecordFactory('x')]), new Error('broken'));

    await expect(logBatchFailure(log).onError?.(request)).resolves.toBeUndefined();
  });
});
