import type * as SqsSdk from '@aws-sdk/client-sqs';
import { parseQueueArn } from '../core/queue-arn.js';

/**
 * The SQS SDK, loaded on first use. Most invocations never touch it (it is needed only for a DLQ send or a
 * visibility change), so it stays out of the cold-start path. The bundle keeps `@aws-sdk/*` external:
 * the nodejs22.x runtime ships SDK v3, and a bundled `import()` would be inlined into the init path.
 */
type Sqs = { sdk: typeof SqsSdk; client: SqsSdk.SQSClient };

type SqsProvider = () => Promise<Sqs>;

type LazySqsOptions = {
  /** SQS endpoint override (fauxqs, LocalStack). Unset: the SDK's own resolution. */
  endpoint?: string;
  /** Anything else the client needs (region, credentials); tests pass these instead of process.env. */
  clientConfig?: SqsSdk.SQSClientConfig;
  /**
   * Longest one HTTP attempt may take, from sending to the whole response (the SDK default is none: a
   * server that accepts and never answers holds the call forever). See sqsTimeouts in
   * src/handlers/deadline.ts for how it follows the stop margin.
   */
  requestTimeoutMs?: number;
  /** Longest the TCP (and TLS) connect of one attempt may take. */
  connectionTimeoutMs?: number;
};

function lazySqs(options: LazySqsOptions = {}): SqsProvider {
  let loaded: Promise<Sqs> | undefined;
  return () => {
    loaded ??= import('@aws-sdk/client-sqs').then((sdk) => ({
      sdk,
      client: new sdk.SQSClient({
        // Handler options instead of a NodeHttpHandler instance: no import of @smithy/* (a transitive
        // dependency), and the runtime's own SDK version builds its own handler from them.
        requestHandler: {
          requestTimeout: options.requestTimeoutMs,
          connectionTimeout: options.connectionTimeoutMs,
          throwOnRequestTimeout: true,
        },
        ...options.clientConfig,
        // Left out when unset: an `endpoint: undefined` member would replace one given in clientConfig.
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      }),
    }));
    // A failed import must not poison every later call.
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
}

/** Lambda records carry only the queue ARN; on AWS the URL follows from it (China regions use .com.cn). */
function queueUrlFromArn(arn: string): string {
  const { partition, region, accountId, name } = parseQueueArn(arn);
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${accountId}/${name}`;
}

/**
 * Resolves queue ARNs to URLs. With an endpoint override (fauxqs, LocalStack) the URL form is the
 * emulator's own, so it is asked once per ARN with GetQueueUrl; on AWS it is derived with no call.
 */
function createQueueUrlResolver(sqs: SqsProvider, endpoint?: string) {
  const cache = new Map<string, Promise<string>>();
  // The signal aborts the lookup at the invocation's deadline; an aborted lookup leaves the cache.
  return (arn: string, signal?: AbortSignal): Promise<string> => {
    if (!endpoint) return Promise.resolve().then(() => queueUrlFromArn(arn));
    let url = cache.get(arn);
    if (!url) {
      url = (async () => {
        const { name, accountId } = parseQueueArn(arn);
        const { sdk, client } = await sqs();
        const result = await client.send(
          new sdk.GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: accountId }),
          { abortSignal: signal },
        );
        if (!result.QueueUrl) throw new Error(`GetQueueUrl returned no URL for ${arn}`);
        return result.QueueUrl;
      })();
      url.catch(() => cache.delete(arn));
      cache.set(arn, url);
    }
    return url;
  };
}

export type { LazySqsOptions, Sqs, SqsProvider };
export { createQueueUrlResolver, lazySqs, queueUrlFromArn };
