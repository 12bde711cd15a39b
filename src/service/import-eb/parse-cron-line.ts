import { ImportEbError, type SourceLocation } from './import-eb-error.js';

/** A line of an /etc/cron.d file. */
type CronLine =
  | { readonly kind: 'job'; readonly crontab: string; readonly user: string; readonly url: string }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'blank' };

// `@daily root cmd` or `m h dom mon dow user cmd` (cron.d lines name the user that runs the command).
const MACRO_LINE = /^(@\S+)\s+(\S+)\s+(.+)$/;
const FIELDS_LINE = /^(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S+)\s+(.+)$/;
const VARIABLE = /^([A-Za-z_][A-Za-z0-9_]*)\s*=/;
const URL_TOKEN = /https?:\/\/[^\s'"`)]+/g;
// What a day-of-week field can look like; a user name never does.
const TIME_FIELD = /^([\d*/,-]+|(sun|mon|tue|wed|thu|fri|sat)([-,](sun|mon|tue|wed|thu|fri|sat))*)$/i;

/**
 * Takes the schedule and the URL out of one cron.d line and ignores the rest (user, curl flags, redirections):
 * `*\/5 * * * * root curl -X POST http://localhost/scheduled >> /tmp/cronlog.txt 2>&1`.
 */
function parseCronLine(text: string, source: SourceLocation): CronLine {
  const line = text.trim();
  if (line === '' || line.startsWith('#')) return { kind: 'blank' };
  const variable = VARIABLE.exec(line);
  if (variable?.[1] !== undefined) return { kind: 'variable', name: variable[1] };
  const match = line.startsWith('@') ? MACRO_LINE.exec(line) : FIELDS_LINE.exec(line);
  const [, crontab, user, command] = match ?? [];
  if (crontab === undefined || user === undefined || command === undefined) {
    throw new ImportEbError(
      source,
      `cannot read cron line "${line}": expected "minute hour day-of-month month day-of-week user command"`,
    );
  }
  // With a sixth time field, the day-of-week lands where the user should be.
  if (!crontab.startsWith('@') && TIME_FIELD.test(user)) {
    throw new ImportEbError(
      source,
      `cron line "${line}" has more than 5 time fields (a seconds field?); cron and EventBridge schedule to the minute`,
    );
  }
  if (user === 'curl' || user.startsWith('/') || user.includes('://')) {
    throw new ImportEbError(
      source,
      `cron line "${line}" has no user field before the command ("${user}"), so cron never ran it; /etc/cron.d lines read "… root curl …"`,
    );
  }
  const urls = command.match(URL_TOKEN) ?? [];
  const [url] = urls;
  if (url === undefined) {
    throw new ImportEbError(
      source,
      `cron line "${line}" makes no HTTP request: only lines that POST to http://localhost/<task> become scheduled tasks`,
    );
  }
  if (urls.length > 1) {
    throw new ImportEbError(
      source,
      `cron line "${line}" calls ${urls.length} URLs; split it into one line per task`,
    );
  }
  return { kind: 'job', crontab, user, url };
}

export type { CronLine };
export { parseCronLine };
