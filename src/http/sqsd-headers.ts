/**
 * The request headers sqsd sends (docs/sqsd-behaviour.md#request-headers), in one place. Names are compared
 * case-insensitively: sqsd 2.0 writes `X-aws-sqsd-msgid`, frameworks show `X-Aws-Sqsd-Msgid`, Node lowercases
 * them. https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features-managing-env-tiers.html
 */

// Spelled as sqsd 3.x sends them (the local sqsd sends these); read case-insensitively.
const SQSD_HEADER = {
  msgid: 'X-Aws-Sqsd-Msgid',
  queue: 'X-Aws-Sqsd-Queue',
  receiveCount: 'X-Aws-Sqsd-Receive-Count',
  firstReceivedAt: 'X-Aws-Sqsd-First-Received-At',
  sentAt: 'X-Aws-Sqsd-Sent-At',
  senderId: 'X-Aws-Sqsd-Sender-Id',
  taskName: 'X-Aws-Sqsd-Taskname',
  scheduledAt: 'X-Aws-Sqsd-Scheduled-At',
  path: 'X-Aws-Sqsd-Path',
} as const;

/** `X-Aws-Sqsd-Attr-<name>`: one header per String or Number message attribute. */
const ATTRIBUTE_PREFIX = 'X-Aws-Sqsd-Attr-';

/**
 * sqsd never forwards `beanstalk.sqsd.*` attributes as headers (docs/sqsd-behaviour.md#conformance-checklist,
 * item 24); a request that does is not sqsd, and letting it through would let any caller mark a message
 * periodic. The local sqsd drops them in any casing too (a real one would forward `Beanstalk.Sqsd.x`;
 * nobody sends that).
 */
const RESERVED_ATTRIBUTE = /^beanstalk\.sqsd\./i;

/** The sqsd headers of one request, as sent (strings), before any interpretation. */
type SqsdHeaders = {
  msgid?: string;
  queue?: string;
  receiveCount?: string;
  firstReceivedAt?: string;
  sentAt?: string;
  senderId?: string;
  taskName?: string;
  scheduledAt?: string;
  path?: string;
  userAgent?: string;
  /** Attribute name (its own casing, from the raw header) → StringValue. Null-prototype. */
  attributes: Record<string, string>;
};

const FIELD_BY_HEADER = new Map<string, keyof Omit<SqsdHeaders, 'attributes'>>(
  (Object.keys(SQSD_HEADER) as (keyof typeof SQSD_HEADER)[]).map((field) => [
    SQSD_HEADER[field].toLowerCase(),
    field,
  ]),
);
FIELD_BY_HEADER.set('user-agent', 'userAgent');
// The spellings sqsd 3.x and HTTP clients send, matched before paying for a lowercase copy of the name.
for (const field of Object.keys(SQSD_HEADER) as (keyof typeof SQSD_HEADER)[]) {
  FIELD_BY_HEADER.set(SQSD_HEADER[field], field);
}
FIELD_BY_HEADER.set('User-Agent', 'userAgent');

const ATTRIBUTE_PREFIX_LOWER = ATTRIBUTE_PREFIX.toLowerCase();
const LOWER_X = 0x78;
const CASE_BIT = 0x20;

/** Every header this module reads starts with `X-` except User-Agent (10 characters). */
function mayBeRead(name: string): boolean {
  return (name.charCodeAt(0) | CASE_BIT) === LOWER_X || name.length === 10;
}

/**
 * Reads sqsd headers from Node's `rawHeaders` (`[name, value, name, value, ...]`). Raw headers keep the
 * attribute name's own casing, which `req.headers` would lowercase (`X-Aws-Sqsd-Attr-orderType` must give
 * attribute `orderType`). The first occurrence of a repeated header wins: sqsd skips duplicate keys.
 */
const parseSqsdHeaders = (rawHeaders: readonly string[]): SqsdHeaders => {
  const parsed: SqsdHeaders = { attributes: Object.create(null) };
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    const value = rawHeaders[index + 1] as string;
    const exact = FIELD_BY_HEADER.get(name);
    if (exact) {
      parsed[exact] ??= value;
      continue;
    }
    if (!mayBeRead(name)) continue;
    const lower = name.toLowerCase();
    const field = FIELD_BY_HEADER.get(lower);
    if (field) {
      parsed[field] ??= value;
      continue;
    }
    if (!lower.startsWith(ATTRIBUTE_PREFIX_LOWER)) continue;
    const attribute = name.slice(ATTRIBUTE_PREFIX.length);
    if (attribute === '' || RESERVED_ATTRIBUTE.test(attribute)) continue;
    if (!Object.hasOwn(parsed.attributes, attribute)) parsed.attributes[attribute] = value;
  }
  return parsed;
};

/**
 * sqsd marks a periodic task with `X-Aws-Sqsd-Scheduled-At`; AWS's Rails middleware uses a non-empty
 * `X-Aws-Sqsd-Taskname`. Either one is enough here, so both readings of the contract work.
 */
const isPeriodicRequest = (headers: SqsdHeaders): boolean =>
  Boolean(headers.taskName) || headers.scheduledAt !== undefined;

/** `X-Aws-Sqsd-Receive-Count`, or 1 when absent or not a positive integer (a non-sqsd caller). */
const receiveCountOf = (headers: SqsdHeaders): number => {
  const raw = headers.receiveCount?.trim() ?? '';
  if (!/^\d{1,9}$/.test(raw)) return 1;
  return Math.max(Number(raw), 1);
};

export type { SqsdHeaders };
export {
  ATTRIBUTE_PREFIX,
  isPeriodicRequest,
  parseSqsdHeaders,
  RESERVED_ATTRIBUTE,
  receiveCountOf,
  SQSD_HEADER,
};
