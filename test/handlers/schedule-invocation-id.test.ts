/**
 * Which id a scheduled run is logged and dead-lettered under: the EventBridge event id when there is one,
 * else the Lambda request id, else a generated one. Every failure line and DLQ copy carries it, so an
 * operator can follow one run from the schedule to the log.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduledHandler } from '../../src/handlers/scheduled-handler.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { lambdaContextFactory } from '../helpers/factories.js';
import { appRegistryWith } from '../helpers/registries.js';

const run = createScheduledHandler({
  registry: appRegistryWith(),
  log: captureLogger().log,
  stopMarginMs: 2000,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('scheduled run id', () => {
  it('the event id wins over the request id', async () => {
    const result = await run(
      { id: 'ev-1', task: 'cleanup' },
      lambdaContextFactory({ awsRequestId: 'req-1' }),
    );

    expect(result).toEqual({ task: 'cleanup', action: 'ack', messageId: 'ev-1' });
  });

  it('an id that is not a string is ignored for the request id', async () => {
    const result = await run({ id: 7, task: 'cleanup' }, lambdaContextFactory({ awsRequestId: 'req-2' }));

    expect(result.messageId).toBe('req-2');
  });

  it('without either, the id is generated from the clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_767_225_600_000);

    const result = await run({ task: 'cleanup' });

    expect(result.messageId).toBe('schedule-1767225600000');
  });

  it('an invocation without a Lambda context is still rejected as malformed', async () => {
    await expect(run({ Records: [] })).rejects.toMatchObject({
      name: 'MalformedMessageError',
      messageId: undefined,
    });
  });

  it('the malformed-invocation error carries the request id', async () => {
    await expect(run({ Records: [] }, lambdaContextFactory({ awsRequestId: 'req-3' }))).rejects.toMatchObject(
      {
        name: 'MalformedMessageError',
        messageId: 'req-3',
      },
    );
  });

  it.each([
    { case: 'a task', event: { task: 'cleanup' } },
    {
      case: 'a detail-type',
      event: {
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        detail: {},
        resources: ['arn:aws:events:x:1:rule/svc-cleanup'],
      },
    },
    {
      case: 'a requestContext',
      event: { requestContext: { functionArn: 'arn:aws:lambda:x' }, requestPayload: { task: 'cleanup' } },
    },
  ])('an event with $case is run', async ({ event }) => {
    await expect(run(event)).resolves.toMatchObject({ task: 'cleanup', action: 'ack' });
  });
});
