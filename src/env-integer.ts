type Env = Readonly<Record<string, string | undefined>>;

/**
 * An integer setting from the environment: undefined when unset or empty, else decimal digits only (so
 * `1e3`, `0x10`, ` 80` and `8.0` are refused rather than read as numbers) within `range`. The error names
 * the variable and the allowed range, so a bad value fails at start-up instead of per message.
 */
function envInteger(env: Env, name: string, range: { min: number; max: number }): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(
      `${name} must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export type { Env };
export { envInteger };
