import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LocalTierError } from '../local-tier-error.js';

/** The function being emulated. Values mirror serverless.yml / the Lambda API. */
type LocalFunctionConfig = {
  /** Function name, as in `context.functionName`. */
  name: string;
  /**
   * Timeout in seconds. The invocation is abandoned after it (a whole-batch failure).
   * @defaultValue 6 (the Serverless Framework default)
   */
  timeout?: number;
  /** Memory size in MB, reported by `context.memoryLimitInMB`. @defaultValue 1024 */
  memorySize?: number;
};

/** Where the function "runs": used for `invokedFunctionArn`. */
type FunctionLocation = { region: string; accountId: string };

/**
 * Outcome of one invocation, after the runtime would have serialised the response.
 * `payload` is `JSON.parse(JSON.stringify(response))` (undefined → null).
 */
type InvocationResult =
  | { status: 'succeeded'; awsRequestId: string; payload: unknown }
  | { status: 'failed'; awsRequestId: string; error: Error };

/** The function ran past its timeout; it keeps running in the background but is ignored. */
class InvocationTimeoutError extends LocalTierError {
  override readonly name = 'InvocationTimeoutError';

  constructor(functionName: string, timeoutSeconds: number, awsRequestId: string) {
    // Same wording as the Lambda runtime log line.
    super(
      `Task timed out after ${timeoutSeconds.toFixed(2)} seconds (function ${functionName}, request ${awsRequestId})`,
      { function: functionName },
    );
  }
}

function toError(value: unknown): Error {
  return value instanceof Error
    ? value
    : new Error(`Handler threw a non-Error value: ${String(value)}`, { cause: value });
}

/**
 * One log stream per function, as one Lambda execution environment keeps one for all its invocations.
 * A new random name per invocation cost 100 µs a batch (randomBytes) in the bench:local profile.
 */
const logStreams = new WeakMap<LocalFunctionConfig, string>();

function logStreamOf(config: LocalFunctionConfig, day: string): string {
  let stream = logStreams.get(config);
  if (stream === undefined || !stream.startsWith(day)) {
    stream = `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
    logStreams.set(config, stream);
  }
  return stream;
}

function createLambdaContext(
  config: LocalFunctionConfig,
  location: FunctionLocation,
  awsRequestId: string,
  deadline: number,
): Context {
  const now = new Date();
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  const legacy = (name: string) => () => {
    throw new LocalTierError(
      `context.${name}() is not supported by the local worker tier; return or throw instead`,
    );
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: config.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${location.region}:${location.accountId}:function:${config.name}`,
    memoryLimitInMB: String(config.memorySize ?? 1024),
    awsRequestId,
    logGroupName: `/aws/lambda/${config.name}`,
    logStreamName: logStreamOf(config, day),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: legacy('done'),
    fail: legacy('fail'),
    succeed: legacy('succeed'),
  };
}

/**
 * Invoke `handler` like the Lambda Node.js runtime does for an async handler: build a
 * context, stop waiting at the timeout, and serialise the response. A response that
 * `JSON.stringify` rejects (cycles, BigInt) fails the invocation, as in the runtime.
 *
 * Node cannot kill a running promise, so a timed-out handler keeps running; its eventual
 * result is dropped. Handlers that need to stop should watch `getRemainingTimeInMillis()`.
 */
async function invokeHandler<TEvent>(
  handler: (event: TEvent, context: Context) => Promise<unknown>,
  event: TEvent,
  config: LocalFunctionConfig,
  location: FunctionLocation,
): Promise<InvocationResult> {
  const awsRequestId = randomUUID();
  const timeoutSeconds = config.timeout ?? 6;
  const context = createLambdaContext(config, location, awsRequestId, Date.now() + timeoutSeconds * 1000);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvocationTimeoutError(config.name, timeoutSeconds, awsRequestId)),
      timeoutSeconds * 1000,
    );
  });
  // Promise.resolve().then(...) turns a synchronous throw into a rejection.
  const running = Promise.resolve().then(() => handler(event, context));
  // After a timeout nobody awaits `running`; keep its late rejection from crashing the process.
  running.catch(() => undefined);
  let response: unknown;
  try {
    response = await Promise.race([running, timedOut]);
  } catch (error) {
    return { status: 'failed', awsRequestId, error: toError(error) };
  } finally {
    clearTimeout(timer);
  }
  let serialised: string | undefined;
  try {
    serialised = JSON.stringify(response);
  } catch (error) {
    const message = `Response of ${config.name} (request ${awsRequestId}) is not JSON-serialisable`;
    return { status: 'failed', awsRequestId, error: new Error(message, { cause: error }) };
  }
  return {
    status: 'succeeded',
    awsRequestId,
    payload: serialised === undefined ? null : JSON.parse(serialised),
  };
}

export type { FunctionLocation, InvocationResult, LocalFunctionConfig };
export { InvocationTimeoutError, invokeHandler };
