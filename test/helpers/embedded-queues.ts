import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedSqs, startEmbeddedSqs } from '../../src/local/embedded-sqs.js';

/** The emulator of one test file and its client; reading either outside a test throws. */
type EmbeddedSqsForFile = { readonly sqs: EmbeddedSqs; readonly client: SQSClient };

/**
 * One fauxqs per test file on a random loopback port (`startEmbeddedSqs({ port: 0 })`) with one client,
 * started before the file's tests; the client is destroyed and the emulator stopped after them.
 */
function useEmbeddedSqs(): EmbeddedSqsForFile {
  let sqs: EmbeddedSqs | undefined;
  let client: SQSClient | undefined;
  beforeAll(async () => {
    sqs = await startEmbeddedSqs({ port: 0 });
    client = sqs.createClient();
  });
  afterAll(async () => {
    client?.destroy();
    await sqs?.stop();
  });
  return {
    get sqs() {
      if (sqs === undefined) throw new Error('embedded SQS used outside a test');
      return sqs;
    },
    get client() {
      if (client === undefined) throw new Error('embedded SQS client used outside a test');
      return client;
    },
  };
}

export type { EmbeddedSqsForFile };
export { useEmbeddedSqs };
