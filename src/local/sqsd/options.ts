import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EbSqsdOptions } from '../../service/eb-worker-settings.js';
import { SQSD_OPTION_TABLE, type SqsdNumericOption } from '../../service/sqsd-option-table.js';
import type { Clock } from '../clock.js';
import { LocalTierError } from '../local-tier-error.js';
import type { LocalLogger } from '../logger.js';
import type { SqsdCronEntry } from './cron-yaml.js';
import type { CronLease } from './lease.js';

/**
 * Options of {@link startSqsd}; names and defaults follow `aws:elasticbeanstalk:sqsd`
 * (docs/sqsd-behaviour.md#options).
 */
type SqsdOptions = {
  client: SQSClient;
  /** The worker queue (standard or FIFO). */
  queueUrl: string;
  /** Where the app listens, e.g. `http://127.0.0.1:8080` (EB: `http://localhost:80`). No path. */
  appUrl: string;
  /** @defaultValue '/' */
  httpPath?: string;
  /** Sent as Content-Type on every POST; the body is not transformed. @defaultValue 'application/json' */
  mimeType?: string;
  /** Maximum concurrent POSTs, 1–100. @defaultValue 50 */
  httpConnections?: number;
  /** Seconds to establish a connection, 1–60. @defaultValue 5 */
  connectTimeout?: number;
  /** Seconds without response data before a POST is aborted, 1–36000. @defaultValue 299 */
  inactivityTimeout?: number;
  /** Seconds, passed on ReceiveMessage, 0–43200. @defaultValue 300 */
  visibilityTimeout?: number;
  /** Seconds before a failed message is receivable again, 0–43200. @defaultValue 2 */
  errorVisibilityTimeout?: number;
  /** Seconds after first receive when a message is deleted unPOSTed, 60–1209600. @defaultValue 345600 */
  retentionPeriod?: number;
  /** Periodic tasks (see parseCronYaml). Ignored, with a warning, on a FIFO queue. */
  cron?: SqsdCronEntry[];
  /** Drives cron fire times and the message-age check. @defaultValue the system clock */
  clock?: Clock;
  /** @defaultValue console */
  logger?: LocalLogger;
  /** @defaultValue 'aws-sqsd/3.0.4' */
  userAgent?: string;
  /**
   * Leader lease shared by several runners on one queue, so each firing is enqueued once
   * (docs/sqsd-behaviour.md#leader-election).
   * @defaultValue a private lease: this runner is always the leader
   */
  cronLease?: CronLease;
  /** This runner's id in the lease. @defaultValue a random UUID */
  instanceId?: string;
};

/** The numeric options after defaults, with their ranges. */
type NumericOption =
  | 'httpConnections'
  | 'connectTimeout'
  | 'inactivityTimeout'
  | 'visibilityTimeout'
  | 'errorVisibilityTimeout'
  | 'retentionPeriod';

/**
 * Each numeric option's EB name: defaults and ranges come from the one EB option table
 * (docs/sqsd-behaviour.md#options).
 */
const EB_NAME: Readonly<Record<NumericOption, SqsdNumericOption>> = {
  httpConnections: 'HttpConnections',
  connectTimeout: 'ConnectTimeout',
  inactivityTimeout: 'InactivityTimeout',
  visibilityTimeout: 'VisibilityTimeout',
  errorVisibilityTimeout: 'ErrorVisibilityTimeout',
  retentionPeriod: 'RetentionPeriod',
};

const NUMERIC = Object.fromEntries(
  Object.entries(EB_NAME).map(([key, eb]) => [key, { ...SQSD_OPTION_TABLE[eb], eb }]),
) as Record<NumericOption, { default: number; min: number; max: number; eb: SqsdNumericOption }>;

type ResolvedSqsdOptions = Record<NumericOption, number> & {
  queueUrl: string;
  queueName: string;
  appUrl: URL;
  httpPath: string;
  mimeType: string;
  userAgent: string;
};

// Header values Node would refuse: control characters other than tab.
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** An option outside what EB accepts; the message names the option and the allowed values. */
class SqsdOptionError extends LocalTierError {
  override readonly name = 'SqsdOptionError';
}

function parseUrl(value: string, option: string): URL {
  try {
    return new URL(value);
  } catch (error) {
    throw new SqsdOptionError(`sqsd ${option} "${value}" is not a URL`, { cause: error });
  }
}

function text(value: string | undefined, fallback: string, option: string): string {
  const result = value ?? fallback;
  if (typeof result !== 'string' || result.trim() === '' || INVALID_HEADER_VALUE.test(result)) {
    throw new SqsdOptionError(`sqsd ${option} must be a non-empty header-safe string, got ${result}`);
  }
  return result;
}

/**
 * Apply defaults and reject values EB would reject before anything starts.
 * @throws SqsdOptionError naming the option, its EB name and the allowed range.
 */
function resolveSqsdOptions(options: SqsdOptions): ResolvedSqsdOptions {
  const numbers = {} as Record<NumericOption, number>;
  for (const [key, spec] of Object.entries(NUMERIC) as [NumericOption, (typeof NUMERIC)[NumericOption]][]) {
    const value = options[key] ?? spec.default;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new SqsdOptionError(
        `sqsd ${key} (${spec.eb}) must be an integer from ${spec.min} to ${spec.max}, got ${value}`,
      );
    }
    numbers[key] = value;
  }
  const queueName = parseUrl(options.queueUrl, 'queueUrl').pathname.split('/').filter(Boolean).pop();
  if (queueName === undefined) {
    throw new SqsdOptionError(`sqsd queueUrl "${options.queueUrl}" has no queue name in its path`);
  }
  const appUrl = parseUrl(options.appUrl, 'appUrl');
  // sqsd posts to http://localhost:80 + path (docs/sqsd-behaviour.md#request-shape); only host and port are
  // ours to choose.
  if (appUrl.protocol !== 'http:' || appUrl.pathname !== '/' || appUrl.search !== '' || appUrl.hash !== '') {
    throw new SqsdOptionError(
      `sqsd appUrl "${options.appUrl}" must be http://host:port with no path (use httpPath for the path)`,
    );
  }
  const httpPath = text(options.httpPath, '/', 'httpPath');
  if (!httpPath.startsWith('/') || /\s/.test(httpPath) || httpPath.startsWith('//')) {
    throw new SqsdOptionError(`sqsd httpPath (HttpPath) must be a path starting with "/", got ${httpPath}`);
  }
  return {
    ...numbers,
    queueUrl: options.queueUrl,
    queueName,
    appUrl,
    httpPath,
    mimeType: text(options.mimeType, 'application/json', 'mimeType (MimeType)'),
    userAgent: text(options.userAgent, 'aws-sqsd/3.0.4', 'userAgent'),
  };
}

/**
 * The daemon options for EB option settings, so the local sqsd mode runs what the EB bundle pins
 * (docs/eb-worker-settings.md). MaxRetries has no option here: the local queue's own RedrivePolicy, which
 * it comes from, applies it.
 */
function sqsdOptionsFromEb(eb: EbSqsdOptions) {
  return {
    httpPath: eb.HttpPath,
    mimeType: eb.MimeType,
    httpConnections: eb.HttpConnections,
    inactivityTimeout: eb.InactivityTimeout,
    visibilityTimeout: eb.VisibilityTimeout,
    errorVisibilityTimeout: eb.ErrorVisibilityTimeout,
    retentionPeriod: eb.RetentionPeriod,
  } satisfies Partial<SqsdOptions>;
}

const SQSD_OPTION_DEFAULTS: Readonly<Record<NumericOption, number>> = Object.fromEntries(
  Object.entries(NUMERIC).map(([key, spec]) => [key, spec.default]),
) as Record<NumericOption, number>;

export type { ResolvedSqsdOptions, SqsdOptions };
export { INVALID_HEADER_VALUE, resolveSqsdOptions, SQSD_OPTION_DEFAULTS, SqsdOptionError, sqsdOptionsFromEb };
