import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent } from 'aws-lambda';
import { registry } from '../tasks/index.js';
import { logBatchFailure } from './log-batch-failure.js';
import { createRuntime } from './runtime.js';
import { createBatchProcessor } from './worker-batch.js';

/**
 * SQS worker Lambda. The ESM must set `functionResponseType: ReportBatchItemFailures`: the middleware
 * turns the settled results into `{batchItemFailures}`, and reports every record failed (without
 * throwing) if anything outside the per-record code fails.
 */
const { config, log, sqs, deadLetter } = createRuntime(process.env);

const processBatch = createBatchProcessor({
  ...config,
  registry,
  log,
  sqs,
  deadLetter,
  emitMetrics: (line) => console.log(line),
});

export const handler = middy<SQSEvent>()
  // Failures are already logged once per record, with context; the middleware's own logger would repeat them.
  .use(sqsPartialBatchFailure({ logger: false as never }))
  .use(logBatchFailure(log))
  .handler((event, context, { signal }) => processBatch(event, context, { signal }));
