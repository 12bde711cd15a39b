import { Agent } from 'node:http';
import { SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { LocalTierError } from '../local-tier-error.js';
import { createFauxqsStore } from './fauxqs-store.js';
import { LOCAL_CREDENTIALS } from './local-credentials.js';
import { openSqsPersistence, type SqsPersistence } from './sqs-persistence.js';

/**
 * Options for {@link startEmbeddedSqs}.
 */
type EmbeddedSqsOptions = {
  /**
   * Interface to bind. Keep it on loopback: the emulator has no authentication.
   * @defaultValue '127.0.0.1'
   */
  host?: string;
  /**
   * TCP port; `0` lets the OS pick a free one (use it in tests).
   * @defaultValue 4566
   */
  port?: number;
  /**
   * Region used for queue ARNs/URLs and by clients from {@link EmbeddedSqs.createClient}.
   * @defaultValue 'us-east-1'
   */
  region?: string;
  /**
   * Log every HTTP request (fastify logger).
   * @defaultValue false
   */
  logRequests?: boolean;
  /**
   * Keep queues and messages in this folder (a journal, synced before each reply that acknowledges a
   * send) and restore them at start. Without it the emulator is in memory only.
   * @defaultValue undefined (in memory)
   */
  dataDir?: string;
  /** Adds routes to the emulator's HTTP app before it listens (the tier's Lambda Invoke API). */
  routes?: (app: ReturnType<typeof buildApp>) => void;
};

/** A running in-process SQS emulator. */
type EmbeddedSqs = {
  /** Base URL to give the SDK as `endpoint`, e.g. `http://127.0.0.1:4566`. */
  readonly endpoint: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** Region the emulator's ARNs use when requests are signed for it. */
  readonly region: string;
  /** An SDK client pointed at this emulator with dummy credentials. */
  createClient(): SQSClient;
  /** The folder queues and messages are kept in, or undefined when they are in memory only. */
  readonly dataDir: string | undefined;
  /** Close the listener; pending long polls are answered empty. Kept state is flushed, the rest dropped. */
  stop(): Promise<void>;
};

/** Options for {@link createLocalSqsClient}. */
type LocalSqsClientOptions = {
  /** Emulator base URL, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  /** @defaultValue 'us-east-1' */
  region?: string;
  /**
   * Most concurrent HTTP connections. The SDK's default (50) is too few for a mapping whose pollers
   * all sit in 20 s long polls: its DeleteMessageBatch calls would queue behind them.
   * @defaultValue the SDK default (50)
   */
  maxSockets?: number;
  /**
   * Send requests without a SigV4 signature. Only for the embedded emulator, which ignores signatures:
   * signing was about a tenth of the CPU the event source mapping spends per message (bench:local
   * profile). Keep it off for `--endpoint`, which may check them.
   * @defaultValue false
   */
  unsigned?: boolean;
};

/** SigV4 for the identity the client resolves, but a signer that leaves the request as it is. */
const UNSIGNED = {
  httpAuthSchemes: [
    {
      schemeId: 'aws.auth#sigv4',
      identityProvider: (config: { getIdentityProvider(id: string): unknown }) =>
        config.getIdentityProvider('aws.auth#sigv4'),
      signer: { sign: async <T>(request: T) => request },
    },
  ],
} as unknown as Partial<ConstructorParameters<typeof SQSClient>[0]>;

/**
 * Create an `SQSClient` for a local SQS endpoint. No real credentials are read.
 *
 * Because `endpoint` is set explicitly, the SDK does not route requests to the host
 * inside a queue URL (fauxqs URLs look like `http://sqs.us-east-1.localhost:4566/...`).
 */
function createLocalSqsClient(options: LocalSqsClientOptions): SQSClient {
  return new SQSClient({
    endpoint: options.endpoint,
    region: options.region ?? 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    ...(options.maxSockets === undefined
      ? {}
      : { requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: options.maxSockets }) } }),
    ...(options.unsigned ? UNSIGNED : {}),
  });
}

/**
 * Start fauxqs in this process on `host:port`.
 *
 * fauxqs' own `startFauxqs()` always listens on 0.0.0.0, so we build the app with
 * `buildApp()` and bind it ourselves to keep the emulator on loopback.
 *
 * @example
 * ```ts
 * const sqs = await startEmbeddedSqs({ port: 0 });
 * const client = sqs.createClient();
 * // ...
 * await sqs.stop();
 * ```
 */
async function startEmbeddedSqs(options: EmbeddedSqsOptions = {}): Promise<EmbeddedSqs> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const persistence = options.dataDir === undefined ? undefined : await openSqsPersistence(options.dataDir);
  const sqsStore = persistence?.store ?? (await createFauxqsStore());
  const app = buildApp({
    logger: options.logRequests ?? false,
    defaultRegion: region,
    // Always our store (its queues report the true state); fauxqs fills in the SNS and S3 stores.
    stores: { sqsStore } as never,
  });
  if (persistence !== undefined) {
    app.addHook('onSend', async (_request, _reply, payload) => {
      await persistence.beforeReply();
      return payload;
    });
  }
  options.routes?.(app);
  const close = async () => {
    await app.close();
    await persistence?.close();
  };
  try {
    await app.listen({ host, port: options.port ?? 4566 });
  } catch (error) {
    await close();
    throw new LocalTierError(`Cannot start embedded SQS on ${host}:${options.port ?? 4566}`, {
      cause: error,
    });
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await close();
    throw new LocalTierError(`Embedded SQS bound to an unexpected address: ${String(address)}`);
  }
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const endpoint = `http://${urlHost}:${address.port}`;
  await restore(persistence, address.port, close);
  return {
    endpoint,
    port: address.port,
    region,
    createClient: () => createLocalSqsClient({ endpoint, region }),
    dataDir: persistence?.dataDir,
    stop: close,
  };
}

/** Restore the kept queues under this run's port, or close the server if the journal can't be read. */
async function restore(
  persistence: SqsPersistence | undefined,
  port: number,
  close: () => Promise<void>,
): Promise<void> {
  try {
    await persistence?.attach(port);
  } catch (error) {
    await close();
    throw error;
  }
}

export type { EmbeddedSqs, EmbeddedSqsOptions, LocalSqsClientOptions };
export { createLocalSqsClient, startEmbeddedSqs };
