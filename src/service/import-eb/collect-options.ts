import { formatLocation, ImportEbError, type SourceLocation } from './import-eb-error.js';
import type { OptionSetting } from './read-config-file.js';

/** The setting that took effect, plus where it was overridden from, for the report. */
type EffectiveOption = OptionSetting & { readonly overrides: readonly SourceLocation[] };

/**
 * EB applies .ebextensions files in alphabetical order, and within a file top to bottom: a later setting of
 * the same option wins. `settings` must already be in that order.
 */
function collectOptions(settings: readonly OptionSetting[]): Map<string, EffectiveOption> {
  const effective = new Map<string, EffectiveOption>();
  for (const setting of settings) {
    const key = `${setting.namespace} ${setting.option}`;
    const earlier = effective.get(key);
    const overrides = earlier === undefined ? [] : [...earlier.overrides, earlier.source];
    effective.set(key, { ...setting, overrides });
  }
  return effective;
}

/** Where an option was set, e.g. `.ebextensions/b.config:4 (overrides .ebextensions/a.config:3)`. */
function describeOverrides(option: EffectiveOption): string | undefined {
  return option.overrides.length === 0
    ? undefined
    : `overrides ${option.overrides.map(formatLocation).join(', ')}`;
}

/** An integer option value (EB stores them as text, so "300" and 300 are both fine) inside `min`..`max`. */
function integerOption(option: EffectiveOption, min: number, max: number): number {
  const { value, namespace, option: name, source } = option;
  if (typeof value === 'object' && value !== null) {
    throw new ImportEbError(
      source,
      `${namespace} ${name} is computed (${Object.keys(value).join(', ')}); write the number itself so the import can carry it over`,
    );
  }
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new ImportEbError(
      source,
      `${namespace} ${name} must be a whole number, got ${JSON.stringify(value ?? null)}`,
    );
  }
  if (number < min || number > max) {
    throw new ImportEbError(source, `${namespace} ${name} is ${number}, outside EB's allowed ${min}-${max}`);
  }
  return number;
}

export type { EffectiveOption };
export { collectOptions, describeOverrides, integerOption };
