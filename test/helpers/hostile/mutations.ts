import type { MessageAttribute } from '../../../src/core/message.js';
import { bodyOf, type Json, type Sample } from './samples.js';

/**
 * Field-by-field mutations of the real samples: every field at every depth gets each wrong-typed value
 * (and is also deleted), in the body, inside an SNS envelope's Message, and in the message attributes.
 * Replacements are raw JSON text so that `{"__proto__": ...}` reaches JSON.parse as data, as it would
 * from a hostile sender.
 */

type Mutation = {
  /** `sample › path := replacement`, for failure messages. */
  label: string;
  sample: string;
  /** The mutated key (last path segment), or the attribute name. */
  key: string;
  body: string;
  attributes?: Record<string, MessageAttribute>;
};

type PathSegment = string | number;

const MISSING = Symbol('missing');

/** Wrong values as JSON text, including ones whose JSON.parse result has an own `__proto__` key. */
const REPLACEMENTS: ReadonlyArray<readonly [string, string | typeof MISSING]> = [
  ['null', 'null'],
  ['zero', '0'],
  ['negative', '-1'],
  ['fraction', '1.5'],
  ['huge number', '1e308'],
  ['true', 'true'],
  ['empty string', '""'],
  ['other string', '"x"'],
  ['whitespace', '"   "'],
  ['lone surrogate', '"\\ud800"'],
  ['empty array', '[]'],
  ['array', '["x", 1]'],
  ['empty object', '{}'],
  [
    '__proto__ object',
    '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
  ],
  ['missing', MISSING],
];

const PLACEHOLDER = '\u0000mutation\u0000';

const clone = <T extends Json>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Every path to a value inside `value` (objects and arrays), parents before children. */
const paths = (value: Json, prefix: PathSegment[] = []): PathSegment[][] => {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[PathSegment, Json]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
};

const label = (path: readonly PathSegment[]): string =>
  path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');

/** JSON text of `value` with the value at `path` replaced by raw JSON (or removed). */
const replaced = (value: Json, path: readonly PathSegment[], raw: string | typeof MISSING): string => {
  const copy = clone(value);
  let parent = copy as Record<PathSegment, Json> | Json[];
  for (const segment of path.slice(0, -1))
    parent = (parent as Record<PathSegment, Json>)[segment] as typeof parent;
  const last = path[path.length - 1] as PathSegment;
  if (raw === MISSING) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete (parent as Record<PathSegment, Json>)[last];
    return JSON.stringify(copy);
  }
  (parent as Record<PathSegment, Json>)[last] = PLACEHOLDER;
  return JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), raw);
};

const keyOf = (path: readonly PathSegment[]): string => {
  const last = path[path.length - 1];
  return typeof last === 'number' ? String(path[path.length - 2] ?? last) : String(last);
};

/** Attribute mutations: wrong dataType, missing or wrong-typed stringValue, garbage values. */
const attributeMutations = (sample: Sample): Mutation[] => {
  const attributes = sample.attributes ?? {};
  const out: Mutation[] = [];
  const body = bodyOf(sample);
  const variants: Array<[string, (attribute: MessageAttribute) => MessageAttribute | undefined]> = [
    ['missing', () => undefined],
    ['dataType Binary', (attribute) => ({ ...attribute, dataType: 'Binary' })],
    ['dataType empty', (attribute) => ({ ...attribute, dataType: '' })],
    ['dataType number', (attribute) => ({ ...attribute, dataType: 7 as unknown as string })],
    ['no stringValue', (attribute) => ({ dataType: attribute.dataType })],
    ['stringValue number', (attribute) => ({ ...attribute, stringValue: 7 as unknown as string })],
    ['stringValue empty', (attribute) => ({ ...attribute, stringValue: '' })],
    ['stringValue garbage', (attribute) => ({ ...attribute, stringValue: '\ud800 not a value' })],
    ['null attribute', () => null as unknown as MessageAttribute],
  ];
  for (const name of Object.keys(attributes)) {
    for (const [what, mutate] of variants) {
      const next: Record<string, MessageAttribute> = {};
      for (const [key, value] of Object.entries(attributes)) {
        const changed = key === name ? mutate(value) : value;
        if (changed !== undefined) next[key] = changed;
      }
      out.push({
        label: `${sample.name} › attribute ${name} := ${what}`,
        sample: sample.name,
        key: name,
        body,
        attributes: next,
      });
    }
  }
  return out;
};

const mutationsOf = (sample: Sample): Mutation[] => {
  const out: Mutation[] = [];
  const add = (path: readonly PathSegment[], what: string, body: string, where = '') =>
    out.push({
      label: `${sample.name} › ${where}${label(path)} := ${what}`,
      sample: sample.name,
      key: keyOf(path),
      body,
      attributes: sample.attributes,
    });
  if (sample.snsInner !== undefined) {
    const envelope = JSON.parse(bodyOf(sample)) as Json;
    for (const path of paths(envelope)) {
      for (const [what, raw] of REPLACEMENTS) add(path, what, replaced(envelope, path, raw));
    }
    for (const path of paths(sample.snsInner)) {
      for (const [what, raw] of REPLACEMENTS) {
        add(path, what, bodyOf({ body: null, snsInner: replaced(sample.snsInner, path, raw) }), 'Message');
      }
    }
  } else if (typeof sample.body !== 'string') {
    for (const path of paths(sample.body)) {
      for (const [what, raw] of REPLACEMENTS) add(path, what, replaced(sample.body, path, raw));
    }
  }
  return [...out, ...attributeMutations(sample)];
};

export type { Mutation };
export { mutationsOf, REPLACEMENTS };
