import { ImportEbError } from './import-eb-error.js';
import type { ReportEntry } from './import-report.js';
import { parseLocatedYaml } from './located-yaml.js';
import { type ImportedSchedule, mapSchedules, type ScheduleSource } from './map-schedules.js';
import { mapWorkerSettings, type WorkerSettings } from './map-worker-settings.js';
import { parseCronLine } from './parse-cron-line.js';
import { type CronFileLine, type OptionSetting, readConfigFile } from './read-config-file.js';
import { readCronYaml } from './read-cron-yaml.js';
import type { AppFile, EbAppFiles } from './read-eb-app.js';

/** Everything serverless.yml gets from an EB worker app, and the report of every setting read. */
type EbImport = {
  readonly schedules: readonly ImportedSchedule[];
  readonly settings: WorkerSettings;
  readonly report: readonly ReportEntry[];
};

type ImportOptions = {
  /** The worker sqs event's maximumBatchingWindow in the target serverless.yml. @defaultValue 0 */
  readonly maximumBatchingWindow?: number;
};

const UTC = /^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/i;

/**
 * Translates an EB worker app's configuration. Pure: it gets the files' text and throws ImportEbError, naming
 * the file and line, at the first thing it cannot translate faithfully.
 */
function importEbApp(files: EbAppFiles, options: ImportOptions = {}): EbImport {
  const sources: ScheduleSource[] = [];
  const settings: OptionSetting[] = [];
  const other: ReportEntry[] = [];
  if (files.cronYaml !== undefined) {
    for (const entry of readCronYaml(parseLocatedYaml(files.cronYaml.text, files.cronYaml.file))) {
      sources.push({
        via: 'cron.yaml',
        label: entry.name,
        crontab: entry.schedule,
        url: entry.url,
        source: entry.source,
      });
    }
  }
  for (const config of files.configs) {
    const contents = readConfigFile(parseLocatedYaml(config.text, config.file));
    settings.push(...contents.options);
    other.push(...contents.report);
    sources.push(...cronJobs(contents.cronLines, other));
  }
  if (files.procfile !== undefined) other.push(...procfileEntries(files.procfile));
  const schedules = mapSchedules(sources);
  const worker = mapWorkerSettings(settings, options.maximumBatchingWindow ?? 0);
  return {
    schedules: schedules.schedules,
    settings: worker.settings,
    report: [...schedules.report, ...worker.report, ...other],
  };
}

/** The POSTs of cron.d lines; variables go to the report, except a time zone, which would shift every schedule. */
function cronJobs(lines: readonly CronFileLine[], report: ReportEntry[]): ScheduleSource[] {
  const jobs: ScheduleSource[] = [];
  for (const line of lines) {
    const parsed = parseCronLine(line.text, line.source);
    if (parsed.kind === 'job') {
      jobs.push({
        via: 'cron.d',
        label: line.installPath,
        crontab: parsed.crontab,
        url: parsed.url,
        source: line.source,
      });
    } else if (parsed.kind === 'variable') {
      const value = line.text
        .slice(line.text.indexOf('=') + 1)
        .trim()
        .replace(/^["']|["']$/g, '');
      if ((parsed.name === 'CRON_TZ' || parsed.name === 'TZ') && !UTC.test(value)) {
        throw new ImportEbError(
          line.source,
          `${parsed.name}=${value}: the schedules below run in that time zone, but the import converts UTC crontabs; rewrite them in UTC`,
        );
      }
      report.push({
        status: 'not carried over',
        setting: `cron.d ${line.installPath} ${parsed.name}`,
        value: '(hidden)',
        source: line.source,
        why: 'a variable of the cron file; the scheduled Lambda does not run a shell',
      });
    }
  }
  return jobs;
}

/** Each Procfile process, reported so the user sees what ran on the instances and no longer does. */
function procfileEntries(procfile: AppFile): ReportEntry[] {
  return procfile.text.split('\n').flatMap((text, index) => {
    const match = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(text.trim());
    if (match === null) return [];
    return [
      {
        status: 'not carried over' as const,
        setting: `Procfile ${match[1]}`,
        value: match[2] ?? '',
        source: { file: procfile.file, line: index + 1 },
        why:
          match[1] === 'web'
            ? 'the app sqsd POSTed to; on Lambda the handlers in src/handlers run the tasks (keep it only behind the HTTP adapter)'
            : 'a process of the EB instances; Lambda runs only the handlers',
      },
    ];
  });
}

export type { EbImport, ImportOptions };
export { importEbApp };
