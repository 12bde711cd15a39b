import type { MessageAttribute } from './message.js';

/** Names sqsd puts on its periodic-task messages (docs/sqsd-behaviour.md#periodic-delivery). */
const SQSD_TASK_NAME = 'beanstalk.sqsd.task_name';
const SQSD_PATH = 'beanstalk.sqsd.path';
const SQSD_SCHEDULED_TIME = 'beanstalk.sqsd.scheduled_time';
/** The body sqsd's leader enqueues for every periodic task (docs/sqsd-behaviour.md#periodic-delivery). */
const SQSD_PERIODIC_BODY = 'elasticbeanstalk scheduled job';

/** A message attribute that can name the route when the body cannot (plain text, XML, SNS text). */
const ROUTE_ATTRIBUTE = 'type';

/**
 * The attributes of a message that has none, shared by every such message (a Delivery's and a
 * WorkMessage's alike): null-prototype like any other, frozen so no task can change another message's.
 * Recognised by identity, because enumerating a null-prototype object is slow.
 */
const NO_ATTRIBUTES: Readonly<Record<string, never>> = Object.freeze(Object.create(null));

function hasOwn(object: object, key: string): boolean {
  return Object.hasOwn(object, key);
}

/**
 * String and Number attributes as plain strings, in a null-prototype object, so that an attribute named
 * `__proto__` or `constructor` is just data. Binary attributes are left out, as sqsd does.
 */
function stringAttributes(
  attributes: Readonly<Record<string, MessageAttribute>>,
): Readonly<Record<string, string>> {
  // Stryker disable next-line ConditionalExpression: the loop below gives an empty set too; this skips enumerating one
  if (attributes === NO_ATTRIBUTES) return NO_ATTRIBUTES;
  const out: Record<string, string> = Object.create(null);
  for (const key of Object.keys(attributes)) {
    const attribute = attributes[key];
    if (!attribute || typeof attribute.stringValue !== 'string') continue;
    const type: unknown = attribute.dataType;
    if (typeof type === 'string' && (type.startsWith('String') || type.startsWith('Number'))) {
      out[key] = attribute.stringValue;
    }
  }
  return out;
}

/** Reads one attribute without consulting the prototype chain. */
function attribute(attributes: Readonly<Record<string, string>>, key: string): string | undefined {
  return hasOwn(attributes, key) ? attributes[key] : undefined;
}

export {
  attribute,
  NO_ATTRIBUTES,
  ROUTE_ATTRIBUTE,
  SQSD_PATH,
  SQSD_PERIODIC_BODY,
  SQSD_SCHEDULED_TIME,
  SQSD_TASK_NAME,
  stringAttributes,
};
