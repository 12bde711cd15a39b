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

type HeaderField = keyof Omit<SqsdHeaders, 'attributes'>;
/** One header this module reads: its name as sqsd 3.x (or an HTTP client) spells it, lowercased, and its slot. */
type KnownHeader = { spelled: string; lower: string; slot: number };

/** The fields in slot order: parseSqsdHeaders collects values by slot and names them once, at the end. */
const FIELDS: readonly [HeaderField, string][] = [
  ...(Object.entries(SQSD_HEADER) as [HeaderField, string][]),
  ['userAgent', 'User-Agent'],
];

/**
 * The known headers by name length. Node hands every request fresh header strings, so a Map lookup
 * hashed each name first; comparing a name with the one or two known names of its length costs less.
 */
const KNOWN_BY_LENGTH: KnownHeader[][] = [];
FIELDS.forEach(([, spelled], slot) => {
  const sameLength = KNOWN_BY_LENGTH[spelled.length] ?? [];
  sameLength.push({ spelled, lower: spelled.toLowerCase(), slot });
  KNOWN_BY_LENGTH[spelled.length] = sameLength;
});

const ATTRIBUTE_PREFIX_LOWER = ATTRIBUTE_PREFIX.toLowerCase();

/** The slot of a known header name, in any casing; -1 for every other header. */
function knownSlot(name: string): number {
  const known = KNOWN_BY_LENGTH[name.length];
  if (known === undefined) return -1;
  for (const header of known) if (name === header.spelled || name === header.lower) return header.slot;
  const lower = name.toLowerCase();
  for (const header of known) if (lower === header.lower) return header.slot;
  return -1;
}

/** `X-Aws-Sqsd-Attr-<name>` in any casing: the attribute name, else undefined. */
function attributeName(name: string): string | undefined {
  if (name.length <= ATTRIBUTE_PREFIX.length) return undefined;
  if (!name.startsWith(ATTRIBUTE_PREFIX)) {
    const head = name.slice(0, ATTRIBUTE_PREFIX.length);
    if (head.toLowerCase() !== ATTRIBUTE_PREFIX_LOWER) return undefined;
  }
  return name.slice(ATTRIBUTE_PREFIX.length);
}

/**
 * Reads sqsd headers from Node's `rawHeaders` (`[name, value, name, value, ...]`). Raw headers keep the
 * attribute name's own casing, which `req.headers` would lowercase (`X-Aws-Sqsd-Attr-orderType` must give
 * attribute `orderType`). The first occurrence of a repeated header wins: sqsd skips duplicate keys.
 * Values go into an array by slot and one object literal names them at the end: writing `parsed[field]`
 * per header was a keyed store on an object whose shape changed with every header.
 */
function parseSqsdHeaders(rawHeaders: readonly string[]): SqsdHeaders {
  const values: (string | undefined)[] = [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  const attributes: Record<string, string> = Object.create(null);
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    const value = rawHeaders[index + 1] as string;
    const slot = knownSlot(name);
    if (slot >= 0) {
      values[slot] ??= value;
      continue;
    }
    const attribute = attributeName(name);
    if (attribute === undefined || RESERVED_ATTRIBUTE.test(attribute)) continue;
    if (!Object.hasOwn(attributes, attribute)) attributes[attribute] = value;
  }
  // In FIELDS order (a test checks that every field reads its own header).
  return {
    msgid: values[0],
    queue: values[1],
    receiveCount: values[2],
    firstReceivedAt: values[3],
    sentAt: values[4],
    senderId: values[5],
    taskName: values[6],
    scheduledAt: values[7],
    path: values[8],
    userAgent: values[9],
    attributes,
  };
}

/**
 * sqsd marks a periodic task with `X-Aws-Sqsd-Scheduled-At`; AWS's Rails middleware uses a non-empty
 * `X-Aws-Sqsd-Taskname`. Either one is enough here, so both readings of the contract work.
 */
const isPeriodicRequest = (headers: SqsdHeaders): boolean =>
  Boolean(headers.taskName) || headers.scheduledAt !== undefined;

/** `X-Aws-Sqsd-Receive-Count`, or 1 when absent or not a positive integer (a non-sqsd caller). */
const receiveCountOf = (headers: SqsdHeaders): number => {
  const raw = headers.receiveCount?.trim() ?? '';
  if (raw.length === 0 || raw.length > 9) return 1;
  // Digit by digit, not a pattern test: this runs for every request.
  let count = 0;
  for (let index = 0; index < raw.length; index++) {
    const digit = raw.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return 1;
    count = count * 10 + digit;
  }
  return Math.max(count, 1);
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
