import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueDepth as depthByState } from '../../src/local/tier/queue-depth.js';

/** Everything a queue still holds: approximate visible + in-flight + delayed messages. */
async function queueDepth(client: SQSClient, queueUrl: string): Promise<number> {
  const { visible, inFlight, delayed } = await depthByState(client, queueUrl);
  return visible + inFlight + delayed;
}

export { queueDepth };
