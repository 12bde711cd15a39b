/**
 * The SQS client the Lambda runtime builds from its environment (docs/design.md, "Deadlines"): it talks to
 * the endpoint override, and each attempt is cut at half the stop margin, so an SQS endpoint that accepts
 * connections and never answers cannot hold a DLQ send past the invocation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { createRuntime } from '../../src/handlers/runtime.js';
import { deliveryFactory } from '../helpers/factories.js';
import { type SilentEndpoint, startSilentEndpoint } from '../helpers/silent-endpoint.js';

let silent: SilentEndpoint;
let endpoint: string;

beforeAll(async () => {
  silent = await startSilentEndpoint();
  endpoint = silent.url;
});

afterAll(() => silent.close());

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the Lambda runtime against a hung SQS endpoint', () => {
  it.each([
    { margin: '1000', limit: 500, connect: 250 },
    { margin: '200', limit: 250, connect: 100 },
  ])(
    'STOP_MARGIN_MS=$margin: the DLQ send fails after a $limit ms attempt instead of hanging',
    async ({ margin, limit, connect }) => {
      // What the Lambda environment provides; one attempt, so the SDK's retries do not multiply the wait.
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
      const before = silent.connections();
      const { deadLetter, sqs } = createRuntime({
        AWS_ENDPOINT_URL_SQS: endpoint,
        DEAD_LETTER_QUEUE_URL: `${endpoint}/000000000000/dlq`,
        STOP_MARGIN_MS: margin,
      });

      const sent = deadLetter?.(deliveryFactory(), new ValidationError('email', 'not a valid address'));

      await expect(sent).rejects.toMatchObject({
        name: 'TimeoutError',
        message: expect.stringContaining(`configured ${limit} ms requestTimeout`),
      });
      // It went to the endpoint override, not to AWS.
      expect(silent.connections()).toBe(before + 1);
      // A connect that never completes cannot be made on loopback: what the SDK's handler enforces is
      // read back from it instead (a quarter of the margin, from 100 ms to 1 s).
      const { client } = await sqs();
      const handler = client.config.requestHandler as {
        httpHandlerConfigs(): { connectionTimeout?: number };
      };
      expect(handler.httpHandlerConfigs().connectionTimeout).toBe(connect);
    },
  );
});
