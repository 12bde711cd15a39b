import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { fifoRecordFactory, lambdaContextFactory, sqsRecordFactory } from '../../test/helpers/factories.js';

/**
 * Synthetic SQS events and a Lambda context for the benchmarks, built by the tests' factories (over the AWS
 * sample events) so a benchmark feeds the handler the same record shape the tests do. Ids follow the
 * record's index, so a run is reproducible.
 */

const STANDARD_ARN = 'arn:aws:sqs:us-east-1:123456789012:bench-queue';
const FIFO_ARN = 'arn:aws:sqs:us-east-1:123456789012:bench-queue.fifo';

type RecordSpec = { body: string; groupId?: string };

function benchRecord(index: number, spec: RecordSpec, fifo: boolean): SQSRecord {
  const overrides = {
    messageId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    eventSourceARN: fifo ? FIFO_ARN : STANDARD_ARN,
    awsRegion: 'us-east-1',
  };
  return fifo
    ? fifoRecordFactory(spec.body, spec.groupId ?? 'default', overrides)
    : sqsRecordFactory(spec.body, overrides);
}

function sqsEvent(specs: readonly RecordSpec[], options: { fifo?: boolean } = {}): SQSEvent {
  return { Records: specs.map((spec, index) => benchRecord(index, spec, options.fifo === true)) };
}

/** `count` records of the bench task; `groupOf` spreads them over FIFO groups. */
function benchEvent(
  count: number,
  options: { fifo?: boolean; groupOf?: (index: number) => string } = {},
): SQSEvent {
  return sqsEvent(
    Array.from({ length: count }, (_, index) => {
      const groupId = options.groupOf?.(index);
      return { body: JSON.stringify({ type: 'bench', seq: index, group: groupId }), groupId };
    }),
    options,
  );
}

/** A Lambda context with `remainingMs` left, so middy's and our deadline timers are armed as in Lambda. */
function lambdaContext(remainingMs = 60_000): Context {
  return lambdaContextFactory({ remainingMs, awsRequestId: 'bench-request' });
}

export type { RecordSpec };
export { benchEvent, lambdaContext, sqsEvent };
