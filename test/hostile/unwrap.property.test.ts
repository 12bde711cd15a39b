import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../../src/core/errors.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { unwrap } from '../../src/core/unwrap.js';
import { hostileAttributes, hostileBody, messageId } from '../helpers/hostile/arbitraries.js';
import { expectNoPollution, problemNotNamed, snapshotPrototypes } from '../helpers/hostile/invariants.js';
import { propertyOptions } from '../helpers/hostile/options.js';
import { delivery, snsEnvelope } from '../helpers/hostile/samples.js';

/** An own property's value, even for `__proto__` (a plain read would go to the accessor on ordinary objects). */
const ownValue = (object: object, key: string): unknown =>
  Object.getOwnPropertyDescriptor(object, key)?.value;

const attributesFromJson = (json: string) => JSON.parse(json) as Record<string, MessageAttribute>;

describe('unwrap(hostile delivery)', () => {
  it('returns a routable message or throws a MalformedMessageError that names the problem', () => {
    const before = snapshotPrototypes();
    fc.assert(
      fc.property(hostileBody, hostileAttributes, messageId, (body, attributes, id) => {
        let message: ReturnType<typeof unwrap>;
        try {
          message = unwrap(delivery(body.text, { messageId: id, attributes }));
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedMessageError);
          const malformed = error as MalformedMessageError;
          expect(malformed.permanent).toBe(true);
          expect(malformed.messageId).toBe(id);
          expect(problemNotNamed(malformed)).toBeUndefined();
          expectNoPollution(before);
          return;
        }
        expect(typeof message.route).toBe('string');
        expect(message.route.length).toBeGreaterThan(0);
        expect(message.id).toBe(id);
        expect(message.rawBody).toBe(body.text);
        // Attributes are a null-prototype map, so a `__proto__` attribute is just a key.
        expect(Object.getPrototypeOf(message.attributes)).toBeNull();
        expectNoPollution(before);
      }),
      propertyOptions(),
    );
  });

  it('treats SQS attribute names __proto__ / constructor as data, never as the route', () => {
    const before = snapshotPrototypes();
    const attributes = attributesFromJson(
      '{"__proto__":{"dataType":"String","stringValue":"test"},"constructor":{"dataType":"String","stringValue":"test"}}',
    );
    expect(() => unwrap(delivery('plain text', { attributes }))).toThrow(/no 'type' message attribute/);
    const routed = unwrap(
      delivery('plain text', {
        attributes: { ...attributes, type: { dataType: 'String', stringValue: 'test' } },
      }),
    );
    expect(routed.route).toBe('test');
    expect(Object.hasOwn(routed.attributes, '__proto__')).toBe(true);
    expect(ownValue(routed.attributes, '__proto__')).toBe('test');
    expectNoPollution(before);
  });

  it('treats SNS MessageAttributes named __proto__ as data', () => {
    const before = snapshotPrototypes();
    const envelope = JSON.stringify(snsEnvelope('plain text')).replace(
      '"MessageAttributes":{',
      '"MessageAttributes":{"__proto__":{"Type":"String","Value":"test"},',
    );
    expect(() => unwrap(delivery(envelope))).toThrow(/SNS Message is plain text/);
    const withType = envelope.replace(
      '"MessageAttributes":{',
      '"MessageAttributes":{"type":{"Type":"String","Value":"test"},',
    );
    const message = unwrap(delivery(withType));
    expect(message.route).toBe('test');
    expect(message.via).toEqual(['sns']);
    expect(ownValue(message.attributes, '__proto__')).toBe('test');
    expectNoPollution(before);
  });

  it('never routes through a type inherited from a JSON __proto__ key', () => {
    expect(() => unwrap(delivery('{"__proto__":{"type":"test"}}'))).toThrow(
      /no 'type' field \(keys: __proto__\)/,
    );
    expect(() => unwrap(delivery('{"constructor":{"prototype":{"type":"test"}}}'))).toThrow(
      /no 'type' field/,
    );
  });
});
