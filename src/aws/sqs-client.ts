import type * as SqsSdk from '@aws-sdk/client-sqs';

/**
 * The SQS SDK, loaded on first use. Most invocations never touch it (it is needed only for a DLQ send or a
 * visibility change), so it stays out of the cold-start path. The bundle keeps `@aws-sdk/*` external:
 * the nodejs22.x runtime ships SDK v3, and a bundled `import()` would be inlined into the init path.
 */
type Sqs = { sdk: typeof SqsSdk; client: SqsSdk.SQSClient };

type SqsProvider = () => Promise<Sqs>;

const lazySqs = (options: { endpoint?: string } = {}): SqsProvider => {
  let loaded: Promise<Sqs> | undefined;
  return () => {
    loaded ??= import('@aws-sdk/client-sqs').then((sdk) => ({
      sdk,
      client: new sdk.SQSClient(options.endpoint ? { endpoint: options.endpoint } : {}),
    }));
    // A failed import must not poison every later call.
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
};

/**
 * Queue URL from a queue ARN (Lambda records carry only the ARN):
 * `arn:aws:sqs:us-east-2:123456789012:q` → `https://sqs.us-east-2.amazonaws.com/123456789012/q`,
 * or `<endpoint>/123456789012/q` when an endpoint override is set (fauxqs, LocalStack).
 */
const queueUrlFromArn = (arn: string, endpoint?: string): string => {
  const parts = arn.split(':');
  const [region, account, name] = [parts[3], parts[4], parts[5]];
  if (parts.length !== 6 || parts[2] !== 'sqs' || !region || !account || !name) {
    throw new Error(`not an SQS queue ARN: ${JSON.stringify(arn)}`);
  }
  const base = endpoint ? endpoint.replace(/\/+$/, '') : `https://sqs.${region}.amazonaws.com`;
  return `${base}/${account}/${name}`;
};

export type { Sqs, SqsProvider };
export { lazySqs, queueUrlFromArn };
