import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logBatchFailure } from './log-batch-failure.js';
import { createBatchProcessor, type WorkerBatchDeps } from './worker-batch.js';

/**
 * The SQS worker's middy chain around a batch processor. The ESM must set
 * `functionResponseType: ReportBatchItemFailures`: the middleware turns the settled results into
 * `{batchItemFailures}`, and reports every record failed (without throwing) if anything outside the
 * per-record code fails. One factory, so the Lambda entry, the local tier, tests and benchmarks run the
 * same chain.
 */
function createWorkerHandler(deps: WorkerBatchDeps) {
  const processBatch = createBatchProcessor(deps);
  return (
    // No middy early timeout: the batch's own deadline (deadline.ts) returns every record's verdict before
    // the Lambda timeout, so middy's timer (a setTimeout, a promise and a race per batch) could only ever
    // report successes as failed (docs/design.md, "Deadlines").
    // Stryker disable next-line ObjectLiteral: middy's default timer would fire after settle has returned the batch; 0 only saves it
    middy<SQSEvent, SQSBatchResponse>({ timeoutEarlyInMillis: 0 })
      // Failures are already logged once per record, with context; the middleware's own logger would repeat them.
      .use(sqsPartialBatchFailure({ logger: false as never }))
      // Registered after, so it runs first on error (middy runs onError hooks in reverse).
      .use(logBatchFailure(deps.log))
      // The handler returns settled results, which the middleware replaces with {batchItemFailures};
      // middy types both as one TResult, hence the cast.
      .handler((event, context, { signal }) => processBatch(event, context, { signal }) as never)
  );
}

export { createWorkerHandler };
