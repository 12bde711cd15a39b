import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { printService, ServicePrintError } from '../print-service.js';
import { applyImport } from './apply-import.js';
import { checkPrintedService } from './check-printed-service.js';
import { findServiceTargets } from './find-service-targets.js';
import { importEbApp } from './import-eb-app.js';
import { ImportEbError } from './import-eb-error.js';
import { formatReport } from './import-report.js';
import { parseLocatedYaml, YAML_OUTPUT } from './located-yaml.js';
import { readEbApp } from './read-eb-app.js';
import { renderFragment } from './render-fragment.js';

type ImportEbRun = {
  /** The EB app folder (source bundle root). */
  readonly appDir: string;
  /** The serverless.yml to edit; `serverless print` runs in its folder. */
  readonly servicePath: string;
  /** Edit serverless.yml in place and check it with `serverless print`; otherwise only show what would change. */
  readonly write: boolean;
  /** Task names the worker has handlers for, to point out schedules that would fail. */
  readonly knownTasks?: readonly string[];
  /** `serverless print --format json` of a folder. @defaultValue printService from src/service */
  readonly print?: (root: string) => unknown;
};

/**
 * `npm run import:eb`: everything but argument parsing. Returns the text to show. Throws ImportEbError (or
 * ServicePrintError) with serverless.yml untouched: a dry run never writes, and a write that
 * `serverless print` does not confirm is rolled back.
 */
function runImportEb(run: ImportEbRun): string {
  if (basename(run.servicePath) !== 'serverless.yml') {
    throw new ImportEbError(
      { file: run.servicePath },
      'must be a file named serverless.yml (serverless print reads that name)',
    );
  }
  let original: string;
  try {
    original = readFileSync(run.servicePath, 'utf8');
  } catch (error) {
    throw new ImportEbError(
      { file: run.servicePath },
      "cannot be read; copy this repository's serverless.yml and import into it",
      { cause: error },
    );
  }
  const service = parseLocatedYaml(original, run.servicePath);
  const targets = findServiceTargets(service);
  const imported = importEbApp(readEbApp(run.appDir), {
    maximumBatchingWindow: targets.maximumBatchingWindow,
  });
  const edit = applyImport(service, imported, targets);
  const updated = service.document.toString(YAML_OUTPUT);

  const out = [`import:eb ${run.appDir} -> ${run.servicePath}`, '', formatReport(imported.report)];
  const unknown = [...new Set(imported.schedules.map((s) => s.task))].filter(
    (task) => run.knownTasks !== undefined && !run.knownTasks.includes(task),
  );
  if (unknown.length > 0) {
    out.push(
      `Tasks with no handler in src/tasks yet (their runs would be dead-lettered): ${unknown.join(', ')}`,
      '',
    );
  }
  out.push('serverless.yml:');
  for (const change of edit.values) {
    const same = change.before === change.after;
    const note = change.note === undefined ? '' : ` (${change.note})`;
    out.push(
      `  ${change.path.join('.')}: ${same ? `${String(change.after)} (unchanged)` : `${JSON.stringify(change.before ?? null)} -> ${JSON.stringify(change.after)}`}${note}`,
    );
  }
  const { functionKey, removed, added } = edit.schedules;
  out.push(`  functions.${functionKey}.events: ${removed} schedule events replaced by ${added}`, '');

  if (!run.write) {
    out.push(
      '--- what --write would write (only the parts it changes) ---',
      renderFragment(service.document, edit.touched),
    );
    out.push(`Nothing written. Run again with --write to edit ${run.servicePath}.`);
    return out.join('\n');
  }
  writeAtomically(run.servicePath, updated);
  try {
    const printed = (run.print ?? printService)(dirname(run.servicePath));
    const checks = checkPrintedService(printed, imported, targets, run.servicePath);
    out.push(
      `Wrote ${run.servicePath}. serverless print resolves it to:`,
      ...checks.map((line) => `  ${line}`),
    );
  } catch (error) {
    writeAtomically(run.servicePath, original);
    if (error instanceof ServicePrintError) {
      throw new ImportEbError(
        { file: run.servicePath },
        `restored: serverless print failed on the edited file (its folder needs this repository's node_modules and plugins): ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  return out.join('\n');
}

/** Write beside the file and rename over it, so an interrupted run never leaves half a serverless.yml. */
function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.import-eb-${process.pid}`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export type { ImportEbRun };
export { runImportEb };
