import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceModelError } from './service-model-error.js';

/** `serverless print` could not run or did not print a JSON service. */
class ServicePrintError extends ServiceModelError {
  override readonly name = 'ServicePrintError';
}

type PrintOptions = {
  /** `--stage`; serverless.yml's own default when unset. */
  stage?: string;
  /** `--region`; serverless.yml's own default when unset. */
  region?: string;
};

/**
 * Runs `serverless print --format json` in `root` and returns the parsed service. Letting the framework
 * resolve `${...}` variables and YAML tags avoids a second, subtly different serverless.yml parser;
 * CloudFormation intrinsics (`Ref`, `Fn::GetAtt`) stay objects for the caller to resolve. No AWS calls are
 * made unless serverless.yml uses variables that need them (ssm, cf, s3).
 */
function printService(root: string, options: PrintOptions = {}): unknown {
  if (!existsSync(join(root, 'serverless.yml'))) {
    throw new ServicePrintError(
      `${join(root, 'serverless.yml')} does not exist; it is the source of truth for the service`,
    );
  }
  const cli = join(root, 'node_modules', '.bin', 'serverless');
  const args = ['print', '--format', 'json'];
  if (options.stage !== undefined) args.push('--stage', options.stage);
  if (options.region !== undefined) args.push('--region', options.region);
  let stdout: string;
  try {
    stdout = execFileSync(cli, args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ServicePrintError(`serverless print failed in ${root}${stderr ? `:\n${stderr}` : ''}`, {
      cause: error,
    });
  }
  // Notices printed before the document would break JSON.parse, so start at the first brace.
  const start = stdout.indexOf('{');
  try {
    return JSON.parse(stdout.slice(Math.max(start, 0)));
  } catch (error) {
    throw new ServicePrintError(`serverless print did not output JSON:\n${stdout.slice(0, 500)}`, {
      cause: error,
    });
  }
}

export type { PrintOptions };
export { printService, ServicePrintError };
