import type { MiddlewareObj } from '@middy/core';
import type { SQSEvent } from 'aws-lambda';
import type { Logger } from '../core/logger.js';

/**
 * Logs a whole-batch failure once, with its cause. `@middy/sqs-partial-batch-failure` turns any error
 * outside the per-record code into "every record failed" (and its own logger is off because each record
 * failure is already logged with context), so without this nothing would say why the batch came back.
 * Register it AFTER the partial-batch middleware: middy runs onError hooks in reverse order, so this
 * runs first and leaves `request.response` unset for the middleware to fill in.
 */
function logBatchFailure(log: Logger): MiddlewareObj<SQSEvent> {
  return {
    onError: async (request) => {
      const records = Array.isArray(request.event?.Records) ? request.event.Records : [];
      try {
        log.error('whole batch failed; every record is reported for retry', {
          error: request.error,
          records: records.length,
          messageIds: records.slice(0, 10).map((record) => record.messageId),
          queue: records[0]?.eventSourceARN,
        });
      } catch {
        // The log sink itself is broken (closed stdout): throwing here would turn the partial-batch
        // response into a failed invocation, so the records are still reported and nothing is lost.
      }
    },
  };
}

export { logBatchFailure };
