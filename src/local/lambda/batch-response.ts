import { LocalTierError } from '../local-tier-error.js';
import type { InvocationResult } from './invoke-handler.js';

/**
 * What the event source mapping does with a batch after a *successful* invocation
 * whose mapping has `ReportBatchItemFailures` enabled.
 *
 * - `delete-all`: complete success.
 * - `keep-listed`: delete every record except `failedIds`.
 * - `keep-all`: complete failure; `reason` says which part of the response was invalid.
 *
 * `warning` is set when AWS's documented behaviour is unknown for the shape and we follow
 * third-party reports (success); it flags likely data loss in the handler.
 */
type BatchDisposition =
  | { kind: 'delete-all'; warning?: string }
  | { kind: 'keep-listed'; failedIds: ReadonlySet<string> }
  | { kind: 'keep-all'; reason: string };

/** The handler returned something the partial batch response contract rejects. */
class InvalidBatchResponseError extends LocalTierError {
  override readonly name = 'InvalidBatchResponseError';

  constructor(reason: string, functionName: string, awsRequestId: string) {
    super(`Invalid partial batch response from ${functionName} (request ${awsRequestId}): ${reason}`, {
      function: functionName,
    });
  }
}

/** Which records stay on the queue after an invocation, and why. */
type BatchSettlement = { keep: ReadonlySet<string>; error?: Error; warning?: string };

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/**
 * Apply Lambda's partial batch response contract
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting)
 * to a response that already went through JSON (as Lambda's runtime serialises it).
 *
 * Complete success: `null`, `{}`, `{batchItemFailures: null}`, `{batchItemFailures: []}`.
 * Complete failure: any entry that is not an object with a non-empty string `itemIdentifier`
 * equal to a messageId of the batch. A `batchItemFailures` that is neither null nor an array
 * is not covered by the docs; we treat it as invalid (complete failure), the safe side.
 *
 * @param payload - the response after `JSON.parse(JSON.stringify(response))`
 * @param messageIds - messageIds of the records in the batch
 */
function interpretBatchResponse(payload: unknown, messageIds: ReadonlySet<string>): BatchDisposition {
  if (payload === null || payload === undefined) return { kind: 'delete-all' };
  if (typeof payload !== 'object' || Array.isArray(payload)) {
    return {
      kind: 'delete-all',
      warning: `response ${describe(payload)} is not a partial batch response object; Lambda is reported to delete the batch`,
    };
  }
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) {
    const keys = Object.keys(payload);
    return keys.length === 0 || keys.every((key) => key === 'batchItemFailures')
      ? { kind: 'delete-all' }
      : {
          kind: 'delete-all',
          warning: `response has no batchItemFailures (keys: ${keys.join(', ')}); the whole batch is deleted`,
        };
  }
  if (!Array.isArray(failures)) {
    return { kind: 'keep-all', reason: `batchItemFailures is ${describe(failures)}, not an array` };
  }
  const failedIds = new Set<string>();
  for (const [index, entry] of failures.entries()) {
    const where = `batchItemFailures[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return { kind: 'keep-all', reason: `${where} is ${describe(entry)}, not an object` };
    }
    if (!Object.hasOwn(entry, 'itemIdentifier')) {
      return {
        kind: 'keep-all',
        reason: `${where} has no itemIdentifier key (keys: ${Object.keys(entry).join(', ')})`,
      };
    }
    const id: unknown = (entry as { itemIdentifier: unknown }).itemIdentifier;
    if (typeof id !== 'string' || id === '') {
      return { kind: 'keep-all', reason: `${where}.itemIdentifier is ${describe(id)}` };
    }
    if (!messageIds.has(id)) {
      return { kind: 'keep-all', reason: `${where}.itemIdentifier "${id}" is not a messageId of this batch` };
    }
    failedIds.add(id);
  }
  return failedIds.size === 0 ? { kind: 'delete-all' } : { kind: 'keep-listed', failedIds };
}

/**
 * Decide which records of an invoked batch stay on the queue, exactly as Lambda does:
 * a failed invocation keeps all; without ReportBatchItemFailures a success deletes all;
 * with it, the response decides (see {@link interpretBatchResponse}).
 */
function settleBatch(
  result: InvocationResult,
  messageIds: readonly string[],
  reportBatchItemFailures: boolean,
  functionName: string,
): BatchSettlement {
  const all = new Set(messageIds);
  if (result.status === 'failed') return { keep: all, error: result.error };
  if (!reportBatchItemFailures) return { keep: new Set() };
  const disposition = interpretBatchResponse(result.payload, all);
  switch (disposition.kind) {
    case 'delete-all':
      return disposition.warning === undefined
        ? { keep: new Set() }
        : { keep: new Set(), warning: disposition.warning };
    case 'keep-listed':
      return { keep: disposition.failedIds };
    case 'keep-all':
      return {
        keep: all,
        error: new InvalidBatchResponseError(disposition.reason, functionName, result.awsRequestId),
      };
  }
}

export type { BatchDisposition, BatchSettlement };
export { InvalidBatchResponseError, interpretBatchResponse, settleBatch };
