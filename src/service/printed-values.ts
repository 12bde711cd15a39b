/** Readers for values in `serverless print` output; errors name the path of the value. */

type Json = Record<string, unknown>;

/** The printed service is not something the local tier can run. */
class ServiceModelError extends Error {
  override readonly name = 'ServiceModelError';
}

const asObject = (value: unknown, where: string): Json => {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw new ServiceModelError(`${where} is missing or not an object in the printed service`);
};
const optionalObject = (value: unknown, where: string): Json =>
  value === undefined || value === null ? {} : asObject(value, where);

const asNumber = (value: unknown, where: string, fallback?: number): number => {
  if (value === undefined && fallback !== undefined) return fallback;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  throw new ServiceModelError(`${where} is not a number (${JSON.stringify(value)})`);
};
const optionalNumber = (value: unknown, where: string): number | undefined =>
  value === undefined ? undefined : asNumber(value, where);

export type { Json };
export { asNumber, asObject, optionalNumber, optionalObject, ServiceModelError };
