/** Readers for values in `serverless print` output; errors name the path of the value. */

import { ServiceModelError } from './service-model-error.js';

type Json = Record<string, unknown>;

function asObject(value: unknown, where: string): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw new ServiceModelError(`${where} is missing or not an object in the printed service`);
}

function optionalObject(value: unknown, where: string): Json {
  return value === undefined || value === null ? {} : asObject(value, where);
}

/** Accepts 30 and '30': some resolved variables print as strings. */
function asNumber(value: unknown, where: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  throw new ServiceModelError(`${where} is not a number (${JSON.stringify(value)})`);
}

function optionalNumber(value: unknown, where: string): number | undefined {
  return value === undefined ? undefined : asNumber(value, where);
}

export type { Json };
export { asNumber, asObject, optionalNumber, optionalObject };
