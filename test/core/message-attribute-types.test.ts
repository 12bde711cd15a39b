/**
 * Which SQS message attributes a task sees (docs/sqsd-behaviour.md): String and Number types, including
 * custom subtypes (`Number.float`, `String.json`), as plain strings; Binary and anything untyped left out.
 */
import { describe, expect, it } from 'vitest';
import {
  attribute,
  SQSD_PATH,
  SQSD_PERIODIC_BODY,
  SQSD_SCHEDULED_TIME,
  SQSD_TASK_NAME,
  stringAttributes,
} from '../../src/core/attributes.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { awsFixture } from '../helpers/fixtures.js';

describe('stringAttributes', () => {
  it('keeps String and Number types with their custom subtypes', () => {
    expect({
      ...stringAttributes({
        a: { dataType: 'String', stringValue: '1' },
        b: { dataType: 'Number', stringValue: '2' },
        c: { dataType: 'Number.float', stringValue: '2.5' },
        d: { dataType: 'String.json', stringValue: '{}' },
      }),
    }).toEqual({ a: '1', b: '2', c: '2.5', d: '{}' });
  });

  it('drops types that only end in or contain String or Number, and Binary', () => {
    const attributes = {
      a: { dataType: 'Binary.String', stringValue: 'x' },
      b: { dataType: 'Custom.Number', stringValue: 'x' },
      c: { dataType: 'string', stringValue: 'x' },
      d: { dataType: 'Binary', binaryValue: 'AAEC', stringValue: 'x' },
      e: { dataType: '', stringValue: 'x' },
    };

    expect({ ...stringAttributes(attributes) }).toEqual({});
  });

  it('drops attributes without a string value or without a string type, and null entries', () => {
    const attributes = JSON.parse(
      '{"a": {"dataType": "String"}, "b": {"dataType": "Number", "stringValue": 3}, "c": {"stringValue": "x"}, "d": {"dataType": 7, "stringValue": "x"}, "e": null}',
    ) as Record<string, MessageAttribute>;

    expect({ ...stringAttributes(attributes) }).toEqual({});
  });

  it('keeps an empty string value: it is a value, not an absence', () => {
    expect({ ...stringAttributes({ a: { dataType: 'String', stringValue: '' } }) }).toEqual({ a: '' });
  });
});

describe('attribute', () => {
  it('reads own keys only, never the prototype chain', () => {
    const attributes = stringAttributes({ type: { dataType: 'String', stringValue: 'cleanup' } });

    expect(attribute(attributes, 'type')).toBe('cleanup');
    expect(attribute({ ...attributes }, 'toString')).toBeUndefined();
    expect(attribute({ ...attributes }, 'missing')).toBeUndefined();
  });
});

describe('sqsd periodic-task names', () => {
  it('are the body and attribute names of the message sqsd enqueues for a periodic task', () => {
    const periodic = awsFixture<{ body: string; messageAttributes: Record<string, MessageAttribute> }>(
      'sqsd-periodic-task-message.json',
    );
    // The DLQ copy of a periodic task and the local tier's enqueuer write this body; sqsd's leader does too.
    expect(periodic.body).toBe(SQSD_PERIODIC_BODY);
    expect(Object.keys(periodic.messageAttributes).sort()).toEqual(
      [SQSD_PATH, SQSD_SCHEDULED_TIME, SQSD_TASK_NAME].sort(),
    );
  });
});
