import { parse } from 'yaml';
import type { CronEntry } from '../../service/eb-worker-settings.js';
import { LocalTierError } from '../local-tier-error.js';
import { consoleLogger, type LocalLogger } from '../logger.js';
import { type CrontabSchedule, compileCrontab } from './crontab.js';

/** One periodic task, as written in cron.yaml (docs/sqsd-behaviour.md#cron-file). */
type SqsdCronEntry = CronEntry;

/** A validated entry with its compiled schedule. */
type CompiledCronEntry = SqsdCronEntry & { compiled: CrontabSchedule };

/** cron.yaml (or a `cron` option) that sqsd would refuse at start-up (sqsd 2.0 raises `ScheduleFileError`). */
class CronYamlError extends LocalTierError {
  override readonly name = 'CronYamlError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `url` is the path the periodic POST goes to; sqsd 2.0 checks it with `URI.join('http://localhost/', url)`
 * (docs/sqsd-behaviour.md#cron-file). Anything that resolves off localhost (an absolute URL,
 * `//host/x`) is refused here so a periodic POST can never leave the app.
 */
function checkUrl(url: string, where: string): void {
  let resolved: URL;
  try {
    resolved = new URL(url, 'http://localhost/');
  } catch (error) {
    throw new CronYamlError(`${where}: url "${url}" is not a path`, { cause: error });
  }
  if (resolved.origin !== 'http://localhost' || /\s/.test(url)) {
    throw new CronYamlError(`${where}: url "${url}" must be a path such as "/backup", not a URL`);
  }
}

function compileEntry(raw: unknown, where: string): CompiledCronEntry {
  if (!isRecord(raw)) throw new CronYamlError(`${where}: expected a mapping with name, url and schedule`);
  // Other keys are ignored, as sqsd 2.0 does; the three below are required (docs/sqsd-behaviour.md#cron-file).
  const text = (key: 'name' | 'url' | 'schedule', label: string): string => {
    const value = raw[key];
    if (value === undefined || value === null) throw new CronYamlError(`${label}: "${key}" is missing`);
    if (typeof value !== 'string' || value.trim() === '') {
      throw new CronYamlError(`${label}: "${key}" must be a non-empty string, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const name = text('name', where);
  const named = `${where} ("${name}")`;
  const url = text('url', named);
  checkUrl(url, named);
  const schedule = text('schedule', named);
  try {
    return { name, url, schedule, compiled: compileCrontab(schedule) };
  } catch (error) {
    throw new CronYamlError(`${named}: schedule: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Validate task entries (from cron.yaml or the `cron` option). Duplicate names: the later entry wins,
 * as in 2.0, which keys jobs by name (docs/sqsd-behaviour.md#cron-file); a warning is logged because EB does so
 * silently and the earlier task then never runs. A DOM+DOW schedule is warned about too
 * (docs/sqsd-behaviour.md#schedule-syntax).
 */
function compileCronEntries(
  entries: readonly unknown[],
  source: string,
  logger: LocalLogger = consoleLogger,
): CompiledCronEntry[] {
  const byName = new Map<string, CompiledCronEntry>();
  entries.forEach((raw, index) => {
    const entry = compileEntry(raw, `${source}: entry ${index + 1}`);
    if (byName.has(entry.name)) {
      logger.warn(`${source}: duplicate task name "${entry.name}"; the later entry replaces the earlier`, {
        task: entry.name,
        entry: index + 1,
      });
    }
    if (entry.compiled.restrictsDayOfMonthAndWeek) {
      logger.warn(
        `${source}: task "${entry.name}" restricts both day-of-month and day-of-week; ` +
          'sqsd (and this runner) fire only when BOTH match, Vixie cron when EITHER does',
        { task: entry.name, schedule: entry.schedule },
      );
    }
    byName.set(entry.name, entry);
  });
  return [...byName.values()];
}

/**
 * Parse and validate cron.yaml text the way sqsd 2.0's `schedule_parser.rb` does
 * (docs/sqsd-behaviour.md#cron-file): an empty file, a missing `version` and any version but 1 are errors;
 * each entry needs `name`, `url` and a 5-field `schedule`. `cron` must be a list (it may be empty).
 *
 * @throws CronYamlError naming the entry and field at fault.
 */
function parseCronYaml(
  text: string,
  options: { logger?: LocalLogger; source?: string } = {},
): SqsdCronEntry[] {
  const source = options.source ?? 'cron.yaml';
  if (text.trim() === '') throw new CronYamlError(`${source} is empty`);
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new CronYamlError(`${source} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (!isRecord(document)) throw new CronYamlError(`${source}: expected a mapping with version and cron`);
  if (!('version' in document)) throw new CronYamlError(`${source}: cannot find 'version' attribute`);
  if (document.version !== 1) {
    throw new CronYamlError(
      `${source}: not supported version ${JSON.stringify(document.version)}; only 1 is`,
    );
  }
  if (!Array.isArray(document.cron)) throw new CronYamlError(`${source}: 'cron' must be a list of tasks`);
  return compileCronEntries(document.cron, source, options.logger).map(({ name, url, schedule }) => ({
    name,
    url,
    schedule,
  }));
}

export type { CompiledCronEntry, SqsdCronEntry };
export { CronYamlError, compileCronEntries, parseCronYaml };
