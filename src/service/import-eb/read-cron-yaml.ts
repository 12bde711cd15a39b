import { isMap, isPair, isSeq } from 'yaml';
import { formatLocation, ImportEbError, type SourceLocation } from './import-eb-error.js';
import { type LocatedYaml, plain } from './located-yaml.js';

/** One `cron:` entry of cron.yaml. */
type CronYamlEntry = {
  readonly name: string;
  readonly url: string;
  readonly schedule: string;
  readonly source: SourceLocation;
};

/**
 * Reads cron.yaml as sqsd does: `version: 1` is required, every entry needs `name`, `url` and `schedule`, other
 * keys are ignored. sqsd silently keeps only the last of two entries with one name; the import refuses instead,
 * so the user decides which schedule is meant.
 */
function readCronYaml(yaml: LocatedYaml): CronYamlEntry[] {
  const root = yaml.document.contents;
  if (!isMap(root)) throw new ImportEbError(yaml.at(root), 'expected "version: 1" and a "cron:" list');
  const field = (key: string) => root.items.find((pair) => isPair(pair) && plain(pair.key) === key);
  const version = field('version');
  if (version === undefined || Number(plain(version.value)) !== 1) {
    throw new ImportEbError(
      yaml.at(version?.value ?? root),
      `version must be 1 (sqsd refuses the file otherwise), got ${JSON.stringify(plain(version?.value) ?? null)}`,
    );
  }
  const list = field('cron')?.value;
  if (!isSeq(list)) throw new ImportEbError(yaml.at(list ?? root), '"cron:" must be a list of tasks');
  const seen = new Map<string, SourceLocation>();
  return list.items.map((item) => {
    const source = yaml.at(item);
    if (!isMap(item)) throw new ImportEbError(source, 'a cron entry must have name, url and schedule');
    const text = (key: 'name' | 'url' | 'schedule'): string => {
      const value = plain(item.items.find((pair) => isPair(pair) && plain(pair.key) === key)?.value);
      if (typeof value !== 'string' || value.trim() === '') {
        throw new ImportEbError(
          source,
          `cron entry needs "${key}" as a non-empty string, got ${JSON.stringify(value ?? null)}`,
        );
      }
      return value.trim();
    };
    const entry = { name: text('name'), url: text('url'), schedule: text('schedule'), source };
    const first = seen.get(entry.name);
    if (first !== undefined) {
      throw new ImportEbError(
        source,
        `duplicate task name "${entry.name}" (first at ${formatLocation(first)}); sqsd would keep only this one, rename or remove one`,
      );
    }
    seen.set(entry.name, source);
    return entry;
  });
}

export type { CronYamlEntry };
export { readCronYaml };
