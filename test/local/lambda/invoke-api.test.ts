import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/local/clock.js';
import { AsyncInvoker } from '../../../src/local/lambda/async-invoke.js';
import { functionNameOf, registerInvokeApi } from '../../../src/local/lambda/invoke-api.js';
import { type EmbeddedSqs, startEmbeddedSqs } from '../../../src/local/sqs/embedded-sqs.js';

const quiet = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};
const received: unknown[] = [];
let sqs: EmbeddedSqs;
let lambda: LambdaClient;

beforeAll(async () => {
  const invoker = new AsyncInvoker({
    handler: async (event: unknown, _context: Context) => {
      received.push(event);
      return 'ok';
    },
    function: { name: 'svc-dev-scheduled', timeout: 5, memorySize: 128 },
    location: { region: 'us-east-1', accountId: '000000000000' },
    maximumRetryAttempts: 0,
    clock: createManualClock(0),
    logger: quiet,
  });
  sqs = await startEmbeddedSqs({
    port: 0,
    routes: (app) =>
      registerInvokeApi(app, (name) => (name === 'svc-dev-scheduled' ? invoker : undefined), quiet),
  });
  lambda = new LambdaClient({
    endpoint: sqs.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  lambda?.destroy();
  await sqs?.stop();
});

const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('the Lambda Invoke API on the embedded endpoint (real @aws-sdk/client-lambda)', () => {
  it('accepts an Event invocation with 202 and runs the function with the payload', async () => {
    const result = await lambda.send(
      new InvokeCommand({
        FunctionName: 'svc-dev-scheduled',
        InvocationType: 'Event',
        Payload: payload({ task: 'cleanup' }),
      }),
    );
    expect(result.StatusCode).toBe(202);
    await expect.poll(() => received).toContainEqual({ task: 'cleanup' });
  });

  it('finds the function by ARN too, and still serves SQS on the same port', async () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:svc-dev-scheduled:$LATEST';
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: arn, InvocationType: 'Event', Payload: payload({ n: 2 }) }),
    );
    expect(result.StatusCode).toBe(202);
    const client = sqs.createClient();
    const { ListQueuesCommand } = await import('@aws-sdk/client-sqs');
    await expect(client.send(new ListQueuesCommand({}))).resolves.toBeDefined();
    client.destroy();
  });

  it('answers ResourceNotFoundException for an unknown function and refuses RequestResponse', async () => {
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'nope', InvocationType: 'Event', Payload: payload({}) })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'svc-dev-scheduled', Payload: payload({}) })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('reads names, qualified names and ARNs', () => {
    expect(functionNameOf('fn')).toBe('fn');
    expect(functionNameOf('fn:prod')).toBe('fn');
    expect(functionNameOf(encodeURIComponent('arn:aws:lambda:eu-west-1:1:function:fn:$LATEST'))).toBe('fn');
  });
});
