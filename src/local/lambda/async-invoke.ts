import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import type { Clock, TimerHandle } from '../clock.js';
import { LocalTierError } from '../local-tier-error.js';
import type { LocalLogger } from '../logger.js';
import { type FunctionLocation, invokeHandler, type LocalFunctionConfig } from './invoke-handler.js';

/** Lambda's async retry delays: "about 1 minute" then "about 2 minutes" (invocation-async-error-handling). */
const RETRY_DELAYS_MS = [60_000, 120_000];

type AsyncInvokerOptions = {
  handler: (event: unknown, context: Context) => Promise<unknown>;
  function: LocalFunctionConfig;
  location: FunctionLocation;
  /** 0–2, serverless.yml `maximumRetryAttempts`. */
  maximumRetryAttempts: number;
  /** `destinations.onFailure` SQS queue URL: gets Lambda's invocation record when retries run out. */
  onFailure?: { client: SQSClient; queueUrl: string };
  clock: Clock;
  logger: LocalLogger;
};

/** Why an async invocation attempt failed (the thrown error or the timeout). */
class AsyncInvocationError extends LocalTierError {
  override readonly name = 'AsyncInvocationError';
}

/**
 * Invokes a function the way Lambda handles an asynchronous (EventBridge/Scheduler) invocation: a failed
 * attempt is retried after ~1 and ~2 minutes (up to `maximumRetryAttempts`), then the event goes to the
 * on-failure destination in Lambda's record format. Retry timers use the injected clock; retries still
 * pending at `stop()` are dropped (logged), since nothing persists the local async queue.
 */
class AsyncInvoker {
  readonly #options: AsyncInvokerOptions;
  readonly #timers = new Set<TimerHandle>();
  readonly #running = new Set<Promise<unknown>>();
  #stopped = false;

  constructor(options: AsyncInvokerOptions) {
    this.#options = options;
  }

  /** First attempt; rejects when it failed (retries continue in the background). */
  async invoke(payload: unknown): Promise<unknown> {
    return this.#attempt(payload, 1);
  }

  /** Cancel pending retries and wait for attempts already running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timers.size > 0) {
      this.#options.logger.warn('Dropping pending asynchronous retries at shutdown', {
        function: this.#options.function.name,
        pending: this.#timers.size,
      });
    }
    for (const timer of this.#timers) this.#options.clock.clearTimer(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  async #attempt(payload: unknown, attempt: number): Promise<unknown> {
    const { handler, function: fn, location } = this.#options;
    const running = invokeHandler(handler, payload, fn, location);
    this.#running.add(running);
    const result = await running.finally(() => this.#running.delete(running));
    if (result.status === 'succeeded') return result.payload;
    const error = new AsyncInvocationError(
      `${fn.name} attempt ${attempt} failed (request ${result.awsRequestId}): ${result.error.message}`,
      { cause: result.error, function: fn.name },
    );
    const delay = RETRY_DELAYS_MS[attempt - 1];
    if (attempt <= this.#options.maximumRetryAttempts && delay !== undefined && !this.#stopped) {
      const timer = this.#options.clock.setTimer(() => {
        this.#timers.delete(timer);
        this.#attempt(payload, attempt + 1).catch(() => undefined);
      }, delay);
      this.#timers.add(timer);
    } else {
      await this.#sendToDestination(payload, attempt, result.awsRequestId, result.error);
    }
    throw error;
  }

  async #sendToDestination(payload: unknown, attempts: number, requestId: string, error: Error) {
    const { onFailure, function: fn, location, logger } = this.#options;
    if (onFailure === undefined) return;
    // Lambda's on-failure destination record (test/fixtures/aws/lambda-destination-on-failure.json).
    const record = {
      version: '1.0',
      timestamp: new Date(this.#options.clock.now()).toISOString(),
      requestContext: {
        requestId,
        functionArn: `arn:aws:lambda:${location.region}:${location.accountId}:function:${fn.name}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: attempts,
      },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: error.name, errorMessage: error.message, trace: [] },
    };
    try {
      await onFailure.client.send(
        new SendMessageCommand({ QueueUrl: onFailure.queueUrl, MessageBody: JSON.stringify(record) }),
      );
      logger.warn('Asynchronous invocation failed after retries; sent to the on-failure destination', {
        function: fn.name,
        requestId,
        attempts,
        queueUrl: onFailure.queueUrl,
      });
    } catch (sendError) {
      logger.error('Cannot send the failed invocation to its on-failure destination', {
        function: fn.name,
        requestId,
        queueUrl: onFailure.queueUrl,
        error: sendError,
      });
    }
  }
}

export type { AsyncInvokerOptions };
export { AsyncInvocationError, AsyncInvoker };
