/**
 * `npm run import:eb -- <eb-app-dir> [--write] [--service serverless.yml]`: carries an EB worker app's
 * schedules and queue settings into serverless.yml. The work is in src/service/import-eb; see docs/import-eb.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runImportEb } from '../src/service/import-eb/run-import-eb.js';
import { ServiceModelError } from '../src/service/service-model-error.js';
// Only for the task names, to point out schedules no handler would run.
import { tasks } from '../src/tasks/index.js';

const USAGE = `Usage: npm run import:eb -- <eb-app-dir> [--write] [--service serverless.yml]

Reads cron.yaml, .ebextensions/*.config (sqsd and Auto Scaling options, cron.d files) and the Procfile of an
Elastic Beanstalk worker app, and prints a report of every setting with the serverless.yml it would write.

  --write             edit serverless.yml in place (comments kept), then check it with serverless print
  --service <file>    the serverless.yml to edit (default: ./serverless.yml)
  -h, --help`;

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      write: { type: 'boolean' },
      service: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [appDir, extra] = positionals;
  if (appDir === undefined || extra !== undefined) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  // npm runs scripts in the package folder; paths are meant relative to where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  console.log(
    runImportEb({
      appDir: resolve(cwd, appDir),
      servicePath: resolve(cwd, values.service ?? 'serverless.yml'),
      write: values.write ?? false,
      knownTasks: Object.keys(tasks),
    }),
  );
}

try {
  main();
} catch (error) {
  // Expected failures get one line naming file and line; anything else keeps its stack.
  // ServiceModelError is the base of ImportEbError and of every other src/service error (serverless print too).
  console.error(error instanceof ServiceModelError ? `import:eb: ${error.message}` : error);
  process.exitCode = 1;
}
