import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EbBundleError } from './eb-bundle-error.js';

/**
 * Runs `serverless print --format json` in `root` and returns the parsed service. Letting the framework resolve
 * `${...}` variables and YAML tags avoids a second, subtly different serverless.yml parser. No AWS calls are
 * made unless serverless.yml uses variables that need them (ssm, cf, s3).
 */
function printService(root: string): unknown {
  if (!existsSync(join(root, 'serverless.yml'))) {
    throw new EbBundleError(
      `${join(root, 'serverless.yml')} does not exist; it is the source of truth for the bundle`,
    );
  }
  const cli = join(root, 'node_modules', '.bin', 'serverless');
  let stdout: string;
  try {
    stdout = execFileSync(cli, ['print', '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new EbBundleError(`serverless print failed in ${root}${stderr ? `:\n${stderr}` : ''}`, {
      cause: error,
    });
  }
  // Notices printed before the document would break JSON.parse, so start at the first brace.
  const start = stdout.indexOf('{');
  try {
    return JSON.parse(stdout.slice(Math.max(start, 0)));
  } catch (error) {
    throw new EbBundleError(`serverless print did not output JSON:\n${stdout.slice(0, 500)}`, {
      cause: error,
    });
  }
}

export { printService };
