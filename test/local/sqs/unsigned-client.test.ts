/** The mappings' client for the embedded emulator skips SigV4 (it ignores signatures); `--endpoint` signs. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalSqsClient } from '../../../src/local/sqs/embedded-sqs.js';

const seen: IncomingHttpHeaders[] = [];
const server = createServer((request, response) => {
  seen.push(request.headers);
  request.resume();
  request.on('end', () => {
    response.setHeader('content-type', 'application/x-amz-json-1.0');
    response.end('{"Messages":[]}');
  });
});
let endpoint = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createLocalSqsClient', () => {
  it.each([
    [false, true],
    [true, false],
  ])('unsigned %s: Authorization header present %s, the call still works', async (unsigned, signed) => {
    const client = createLocalSqsClient({ endpoint, unsigned });
    const result = await client.send(
      new ReceiveMessageCommand({ QueueUrl: `${endpoint}/000000000000/q`, WaitTimeSeconds: 0 }),
    );
    client.destroy();
    expect(result.Messages).toEqual([]);
    const headers = seen.at(-1);
    expect(headers?.['x-amz-target']).toBe('AmazonSQS.ReceiveMessage');
    expect(headers?.authorization !== undefined).toBe(signed);
  });
});
