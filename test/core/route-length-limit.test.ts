/**
 * A route longer than any task name is rejected before lookup (hostile bodies), at exactly 256 characters:
 * a 256-character task name still routes, whatever shape carried it.
 */
import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../../src/core/errors.js';
import { unwrap } from '../../src/core/unwrap.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';

describe('route length limit', () => {
  it('a 256-character route is accepted', () => {
    const route = 'r'.repeat(256);

    expect(unwrap(deliveryFactory({ body: JSON.stringify({ type: route }) })).route).toBe(route);
  });

  it('a 257-character route is malformed, with a preview and the limit in the message', () => {
    const delivery = deliveryFactory({
      body: 'plain',
      messageAttributes: { type: stringAttribute('r'.repeat(257)) },
    });

    expect(() => unwrap(delivery)).toThrow(MalformedMessageError);
    expect(() => unwrap(delivery)).toThrow(
      `route "${'r'.repeat(80)}... (257 chars)" is longer than 256 characters; no task has such a name`,
    );
  });
});
