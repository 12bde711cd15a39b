/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) on the local tier's endpoint,
 * so the same `@aws-sdk/client-lambda` call that runs a deployed function runs a local one
 * (`serverless worker:run --endpoint …`, docs/operations.md). Only `InvocationType: Event` is served, as
 * Scheduler invokes: 202 at once, then the run goes through the function's AsyncInvoker (Lambda's
 * retries and on-failure destination).
 */
import type { buildApp } from 'fauxqs';
import type { LocalLogger } from '../logger.js';
import type { AsyncInvoker } from './async-invoke.js';

type HttpApp = ReturnType<typeof buildApp>;

/** `name`, `name:qualifier` or `arn:aws:lambda:<region>:<account>:function:name[:qualifier]` → name. */
function functionNameOf(raw: string): string {
  const decoded = decodeURIComponent(raw);
  return decoded.startsWith('arn:') ? (decoded.split(':')[6] ?? '') : (decoded.split(':')[0] ?? '');
}

/** Lambda's REST-JSON error: the SDK reads the type from this header. */
function lambdaError(
  reply: { code(n: number): unknown; header(k: string, v: string): unknown },
  status: number,
  type: string,
  message: string,
) {
  reply.code(status);
  reply.header('x-amzn-errortype', type);
  reply.header('content-type', 'application/json');
  return JSON.stringify({ Type: 'User', message });
}

/**
 * Serves Invoke for the functions `lookup` knows. Register before the app listens; `lookup` may start
 * answering later (the tier wires its functions after the endpoint is up).
 */
function registerInvokeApi(
  app: HttpApp,
  lookup: (name: string) => AsyncInvoker | undefined,
  logger: LocalLogger,
): void {
  app.post<{ Params: { name: string } }>(
    '/2015-03-31/functions/:name/invocations',
    async (request, reply) => {
      const name = functionNameOf(request.params.name);
      const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      const invoker = lookup(name);
      if (invoker === undefined) {
        return lambdaError(
          reply,
          404,
          'ResourceNotFoundException',
          `Function not found locally: ${name} (only functions with schedules are invocable)`,
        );
      }
      if (type === 'DryRun') return reply.code(204).send();
      if (type !== 'Event') {
        return lambdaError(
          reply,
          400,
          'InvalidParameterValueException',
          `the local tier serves InvocationType Event only, not ${type}`,
        );
      }
      const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : String(request.body ?? '');
      let payload: unknown;
      try {
        payload = raw === '' ? {} : JSON.parse(raw);
      } catch {
        return lambdaError(
          reply,
          400,
          'InvalidRequestContentException',
          'Could not parse request body into json',
        );
      }
      // Failures are retried and dead-lettered by the invoker, and logged there.
      invoker.invoke(payload).catch(() => undefined);
      logger.info('Invoke API: asynchronous invocation accepted', { function: name });
      return reply.code(202).send();
    },
  );
}

export { functionNameOf, registerInvokeApi };
