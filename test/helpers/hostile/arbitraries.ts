import fc from 'fast-check';
import type { MessageAttribute } from '../../../src/core/message.js';
import { mutationsOf } from './mutations.js';
import { bodyOf, SAMPLES, snsEnvelope } from './samples.js';

/**
 * fast-check arbitraries for hostile SQS bodies and attributes. JSON is generated as *text*, so keys such
 * as `__proto__` reach JSON.parse exactly as a hostile sender would write them (building objects in JS
 * first would turn `__proto__` into a prototype instead of a key).
 */

const MIB = 1024 * 1024;

/** Characters that break naive code: lone surrogates, NUL, BOM, line separators, quotes, backslashes. */
const hostileChar = fc.oneof(
  fc.constantFrom(
    '\ud800',
    '\udbff',
    '\udc00',
    '\udfff',
    '\u0000',
    '\ufeff',
    '\u2028',
    '\uffff',
    '"',
    '\\',
    ':',
    '/',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

const hostileString = fc.string({ unit: hostileChar, maxLength: 40 });

/** Keys the unwrapper looks at, keys that touch Object.prototype, and random ones. */
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'polluted',
  'type',
  'Type',
  'task',
  'scheduledTime',
  'time',
  'TopicArn',
  'Message',
  'MessageAttributes',
  'Value',
  'detail-type',
  'detail',
  'source',
  'resources',
  'Records',
  'eventSource',
  'eventName',
  'Event',
  'Service',
  'requestContext',
  'functionArn',
  'requestPayload',
] as const;
const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: hostileString },
);

/** String values that trigger shape detection, registered task names, and junk. */
const MAGIC_STRINGS = [
  'Notification',
  'arn:aws:sns:us-east-1:123456789012:t',
  'aws:s3',
  's3:TestEvent',
  'Amazon S3',
  'Scheduled Event',
  'aws.scheduler',
  'arn:aws:events:us-east-1:123456789012:rule/x-cleanup',
  'arn:aws:lambda:us-east-1:123456789012:function:f',
  '<aws.scheduler.scheduled-time>',
  '2026-11-27T12:00:00Z',
  '2026-11-27 12:00:00 UTC',
  'test',
  'user_signup',
  'order_processing',
  'cleanup',
  '__proto__',
  'constructor',
  '',
  ' ',
];

const primitiveText = fc.oneof(
  fc.constantFrom(
    'null',
    'true',
    'false',
    '0',
    '-0',
    '1e308',
    '-1e-308',
    '1e999',
    '"\\ud800"',
    '"\\udc00x"',
    '"\\u0000"',
  ),
  fc.constantFrom(...MAGIC_STRINGS).map((value) => JSON.stringify(value)),
  hostileString.map((value) => JSON.stringify(value)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
);

/** Random JSON text, with hostile keys at every level. */
const { jsonText } = fc.letrec<{ jsonText: string }>((tie) => ({
  jsonText: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitiveText,
    fc.array(tie('jsonText'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(hostileKey, tie('jsonText')), { maxLength: 5 })
      .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  ),
}));

/** A JSON object text that mentions `__proto__`/`constructor`/`prototype` at several levels. */
const protoLaden = fc
  .tuple(jsonText, fc.constantFrom(...MAGIC_STRINGS), fc.nat({ max: 4 }))
  .map(([inner, type, depth]) => {
    let text = `{"__proto__":{"polluted":"yes","type":${JSON.stringify(type)}},"constructor":{"prototype":{"polluted":"yes"}},"value":${inner}}`;
    for (let level = 0; level < depth; level++) {
      text = `{"type":${JSON.stringify(type)},"__proto__":${text},"prototype":${text}}`;
    }
    return text;
  });

const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom('array', 'object', 'sns-message'))
  .map(([depth, kind]) => {
    if (kind === 'array') return '['.repeat(depth) + ']'.repeat(depth);
    if (kind === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return JSON.stringify(snsEnvelope('['.repeat(depth) + ']'.repeat(depth)));
  });

/** Huge bodies, built once (up to 1 MiB). None contains ':', see the report on registry route splitting. */
const HUGE_BODIES: readonly string[] = [
  'x'.repeat(MIB),
  JSON.stringify('y'.repeat(MIB - 2)),
  `{"type":"${'a'.repeat(MIB - 12)}"}`,
  `{"type":"test","data":"${'\\ud800'.repeat(MIB / 8)}"}`,
  `{"${'k'.repeat(MIB / 2)}":1}`,
  '{'.repeat(MIB),
  JSON.stringify(snsEnvelope('z'.repeat(MIB / 2))),
];
const hugeBody = fc.constantFrom(...HUGE_BODIES);

const ALL_MUTATIONS = SAMPLES.flatMap(mutationsOf);
const sampleBody = fc.constantFrom(...SAMPLES.map((sample) => bodyOf(sample)));
const mutatedSampleBody = fc.constantFrom(...ALL_MUTATIONS.map((mutation) => mutation.body));

/** SNS envelopes whose Message is broken, missing, the wrong type, or itself hostile. */
const brokenSns = fc
  .oneof(
    hostileString.map((message) => JSON.stringify(message)),
    jsonText,
    jsonText.map((message) => JSON.stringify(message)),
    fc.constant('null'),
  )
  .map((messageText) => {
    const envelope = JSON.stringify(snsEnvelope('PLACEHOLDER'));
    return envelope.replace('"PLACEHOLDER"', messageText);
  });

/**
 * A body with a short printed form, so a failing run reports `"xxxx…(1048576 chars)"` instead of
 * dumping a megabyte into the test output.
 */
class Body {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    const { text } = this;
    return text.length <= 240
      ? JSON.stringify(text)
      : `${JSON.stringify(text.slice(0, 120))}…(${text.length} chars)…${JSON.stringify(text.slice(-60))}`;
  }
}

/** Any hostile body. */
const hostileBodyText = fc.oneof(
  { weight: 3, arbitrary: jsonText },
  { weight: 2, arbitrary: hostileString },
  { weight: 2, arbitrary: protoLaden },
  { weight: 2, arbitrary: mutatedSampleBody },
  { weight: 2, arbitrary: brokenSns },
  { weight: 1, arbitrary: sampleBody },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: hugeBody },
  { weight: 1, arbitrary: jsonText.map((text) => text.slice(0, Math.max(0, text.length - 1))) },
);
const hostileBody = hostileBodyText.map((text) => new Body(text));

/** Attribute names include `__proto__` and friends, the routing attribute and the sqsd ones. */
const attributeName = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'type',
    'beanstalk.sqsd.scheduled_time',
    'beanstalk.sqsd.path',
    'beanstalk.sqsd.task_name',
  ),
  hostileString,
);

/** Attribute values, some with the wrong runtime types (the record is untrusted JSON from the wire). */
const attributeValue: fc.Arbitrary<MessageAttribute> = fc.oneof(
  fc.record({
    dataType: fc.constantFrom('String', 'Number', 'Binary', 'String.custom', ''),
    stringValue: fc.oneof(fc.constantFrom(...MAGIC_STRINGS), hostileString),
  }),
  fc.record({ dataType: fc.constant('Binary'), binaryValue: fc.base64String() }),
  fc.constantFrom(
    null as unknown as MessageAttribute,
    { dataType: 7, stringValue: 'test' } as unknown as MessageAttribute,
    { dataType: 'String', stringValue: 7 } as unknown as MessageAttribute,
    { dataType: 'String' } as MessageAttribute,
  ),
);

/** Attribute values as Lambda delivers them: always an object with a string dataType. */
const recordAttributeValue: fc.Arbitrary<MessageAttribute> = fc.oneof(
  fc.record({
    dataType: fc.constantFrom('String', 'Number', 'String.custom', 'Number.int'),
    stringValue: fc.oneof(fc.constantFrom(...MAGIC_STRINGS), hostileString),
  }),
  fc.record({ dataType: fc.constant('Binary'), binaryValue: fc.base64String() }),
);

/** Built with Object.fromEntries, so a `__proto__` name becomes an own key, as JSON.parse would make it. */
const attributeMap = (value: fc.Arbitrary<MessageAttribute>) =>
  fc
    .array(fc.tuple(attributeName, value), { maxLength: 4 })
    .map((entries) => Object.fromEntries(entries) as Record<string, MessageAttribute>);

/** Any attribute map, including values of the wrong runtime type (for the core, which takes any Delivery). */
const hostileAttributes = attributeMap(attributeValue);

/** Hostile names, well-formed values: what a hostile *sender* can put in a Lambda SQS record. */
const recordAttributes = attributeMap(recordAttributeValue);

const messageId = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', '\ud800', ''),
  fc.uuid(),
  hostileString,
);

export type { Body };
export { hostileAttributes, hostileBody, hostileString, jsonText, messageId, recordAttributes };
