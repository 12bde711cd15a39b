import { formatLocation, type SourceLocation } from './import-eb-error.js';

/** What became of a setting read from the EB app. */
type ReportStatus = 'mapped' | 'approximated' | 'not carried over';

/** One line of the import report: every setting the import read gets one. */
type ReportEntry = {
  readonly status: ReportStatus;
  /** What was read, e.g. `aws:elasticbeanstalk:sqsd VisibilityTimeout` or `cron.yaml "backup"`. */
  readonly setting: string;
  /** The value as the EB app had it (environment values are never shown). */
  readonly value: string;
  /** Where it was read; absent for an EB default the app did not set. */
  readonly source?: SourceLocation;
  /** What it became in serverless.yml, e.g. `WorkQueue VisibilityTimeout: 300`. */
  readonly target?: string;
  /** Why it is approximated or not carried over. */
  readonly why?: string;
};

const HEADINGS: readonly [ReportStatus, string][] = [
  ['mapped', 'Mapped (value taken as is)'],
  ['approximated', 'Approximated (closest Lambda equivalent)'],
  ['not carried over', 'Not carried over'],
];

/** The report as text, grouped by status, each entry with its source and, when it matters, why. */
function formatReport(entries: readonly ReportEntry[]): string {
  const lines: string[] = [];
  for (const [status, heading] of HEADINGS) {
    const group = entries.filter((entry) => entry.status === status);
    if (group.length === 0) continue;
    lines.push(`${heading}: ${group.length}`);
    for (const entry of group) {
      const source = entry.source === undefined ? 'EB default' : formatLocation(entry.source);
      const target = entry.target === undefined ? '' : ` -> ${entry.target}`;
      lines.push(`  ${entry.setting} = ${entry.value}  (${source})${target}`);
      if (entry.why !== undefined) lines.push(`      ${entry.why}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export type { ReportEntry, ReportStatus };
export { formatReport };
