import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Packaging has to work with no AWS account at all, so the child gets no credentials, no profile and
// no config file; any account lookup (e.g. a stray ${aws:accountId}) then fails the package step.
const envWithoutAws = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_')) env[key] = value;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    // Fail fast instead of waiting on the EC2 metadata endpoint for credentials.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
};

// Runs `serverless package` in the repository root and returns the .serverless directory.
const packageService = async (root: string, stage: string): Promise<string> => {
  const outDir = path.join(root, '.serverless');
  // A stale template from an earlier run must not be able to pass the tests.
  await rm(outDir, { recursive: true, force: true });
  try {
    await run('npx', ['--no-install', 'serverless', 'package', '--stage', stage], {
      cwd: root,
      env: envWithoutAws(),
      timeout: 110_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package failed:\n${stdout}\n${stderr}`, { cause: error });
  }
  return outDir;
};

export { envWithoutAws, packageService };
