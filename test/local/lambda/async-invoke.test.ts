import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/local/clock.js';
import { AsyncInvocationError, AsyncInvoker } from '../../../src/local/lambda/async-invoke.js';
import { recordingLogger } from '../../helpers/capture-logger.js';
import { useEmbeddedSqs } from '../../helpers/embedded-queues.js';
import { eventually } from '../../helpers/eventually.js';
import { drain, uniqueName } from '../../helpers/queue-io.js';

const local = useEmbeddedSqs();

const location = { region: 'us-east-1', accountId: '000000000000' };

describe('AsyncInvoker (Lambda asynchronous invocation)', () => {
  it('retries a failing invocation after 1 and 2 minutes, then sends Lambda’s failure record to the destination', async () => {
    const { QueueUrl: queueUrl = '' } = await local.client.send(
      new CreateQueueCommand({ QueueName: uniqueName('dest') }),
    );
    const clock = createManualClock(new Date('2026-01-01T00:00:00Z'));
    const attempts: number[] = [];
    const invoker = new AsyncInvoker({
      handler: async () => {
        attempts.push(clock.now());
        throw new Error('downstream down');
      },
      function: { name: 'cron', timeout: 5 },
      location,
      maximumRetryAttempts: 2,
      onFailure: { client: local.client, queueUrl },
      clock,
      logger: recordingLogger(),
    });

    await expect(invoker.invoke({ task: 'cleanup' })).rejects.toThrow(AsyncInvocationError);
    clock.advance(59_999);
    expect(attempts).toHaveLength(1);
    clock.advance(1);
    await eventually(async () => (attempts.length === 2 ? true : undefined));
    clock.advance(120_000);
    const [record] = await eventually(async () => {
      const messages = await drain(local.client, queueUrl);
      return messages.length > 0 ? messages : undefined;
    });

    expect(attempts.map((at) => at - Date.parse('2026-01-01T00:00:00Z'))).toEqual([0, 60_000, 180_000]);
    expect(JSON.parse(record?.Body ?? '{}')).toMatchObject({
      version: '1.0',
      requestContext: {
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:cron:$LATEST',
      },
      requestPayload: { task: 'cleanup' },
      responseContext: { functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'downstream down' },
    });
    await invoker.stop();
  });

  it('does not retry a success, and drops pending retries at stop', async () => {
    const clock = createManualClock(0);
    let calls = 0;
    const logger = recordingLogger();
    const invoker = new AsyncInvoker({
      handler: async (event) => {
        calls++;
        if ((event as { fail: boolean }).fail) throw new Error('no');
        return 'ok';
      },
      function: { name: 'cron' },
      location,
      maximumRetryAttempts: 2,
      clock,
      logger,
    });

    expect(await invoker.invoke({ fail: false })).toBe('ok');
    await expect(invoker.invoke({ fail: true })).rejects.toThrow('cron attempt 1 failed');
    await invoker.stop();
    clock.advance(600_000);

    expect(calls).toBe(2);
    expect(logger.entries.map((e) => e.message)).toContain(
      'Dropping pending asynchronous retries at shutdown',
    );
  });
});
