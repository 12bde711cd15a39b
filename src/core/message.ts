/**
 * The transport-neutral shapes every adapter speaks. A `Delivery` is what arrived (an SQS record, an sqsd
 * POST, a scheduler invocation); a `WorkMessage` is what it means once unwrapped.
 */

/** One SQS message attribute, in the Lambda record's shape (binary values are base64). */
type MessageAttribute = {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
};

/** What an adapter received, before any interpretation of the body. */
type Delivery = {
  messageId: string;
  /** The raw body, byte for byte as SQS holds it (sqsd periodic tasks: empty or the literal marker). */
  body: string;
  /**
   * Message attributes as received. Keys are untrusted input (`__proto__` is a valid name): the core reads
   * them only through `stringAttributes` and `attribute` (attributes.ts), never by indexing.
   */
  messageAttributes: Readonly<Record<string, MessageAttribute>>;
  /** `ApproximateReceiveCount`; 1 on first delivery. */
  receiveCount: number;
  sentAt?: Date;
  firstReceivedAt?: Date;
  /** FIFO `MessageGroupId`. */
  groupId?: string;
  /** Queue name (not URL), for error context and metrics. */
  queue?: string;
};

/** Which real-world shape the body turned out to be (the innermost one, after envelopes). */
type SourceKind = 'json' | 'text' | 'sns' | 's3' | 's3-test' | 'eventbridge' | 'sqsd-periodic' | 'schedule';

/** The one message type the router and tasks see, whatever the transport. */
type WorkMessage = {
  id: string;
  /** Task name (JSON `type`, EventBridge `detail-type`, `s3:<eventName>`, periodic task or schedule name). */
  route: string;
  payload: unknown;
  /** String and Number attributes (SQS, plus SNS envelope attributes), null-prototype. */
  attributes: Readonly<Record<string, string>>;
  receiveCount: number;
  sentAt?: Date;
  firstReceivedAt?: Date;
  groupId?: string;
  source: SourceKind;
  /** Envelopes peeled off on the way in, outermost first (e.g. `['sns']`). */
  via: readonly string[];
  rawBody: string;
  /** For periodic and scheduled runs: the time the run was scheduled for. */
  scheduledAt?: Date;
  queue?: string;
};

export type { Delivery, MessageAttribute, SourceKind, WorkMessage };
