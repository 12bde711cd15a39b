import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/e2e-tier.js';
import { freePort } from '../helpers/free-port.js';

// The banner's send commands, pasted as printed: `npm start` on a free port with a non-default stage and
// region, then each printed command run in a clean environment (no AWS variables), then the message
// must reach the worker.
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

/** A shell-like split honouring single quotes (all the banner uses), e.g. `a 'b c'` → ['a', 'b c']. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** PATH and HOME only: what a fresh shell has, without any AWS_* the test runner might carry. */
function freshEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME };
}

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

async function startTier(args: string[]) {
  let output = '';
  // node itself, not the tsx wrapper: the SIGKILL in afterEach must reach the tier, not orphan it.
  child = spawn(process.execPath, ['--import', 'tsx', 'src/local/cli/start.ts', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const running = child;
  const waitFor = async (text: string, attempts = 900) => {
    for (let i = 0; i < attempts && !output.includes(text); i++) {
      if (running.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!output.includes(text)) throw new Error(`"${text}" never appeared; output:\n${output}`);
  };
  return { waitFor, output: () => output };
}

describe('npm start banner: commands that work as printed', () => {
  it('with --port, --stage qa and --region eu-west-1, both printed send commands reach the worker', async () => {
    const port = await freePort();
    const tier = await startTier([
      '--port',
      String(port),
      '--stage',
      'qa',
      '--region',
      'eu-west-1',
      '--status',
      '0',
      // Nothing of this test may stay in the repository's .worker-tier/ for the next run.
      '--in-memory',
      '--console-port',
      '0',
    ]);
    await tier.waitFor('Ctrl-C stops polling');
    // The console URL the banner prints answers with the page (docs/console.md).
    await tier.waitFor('Console: http://127.0.0.1:');
    const consoleUrl = /Console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(tier.output())?.[1] ?? '';
    const page = await fetch(consoleUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<meta name="console-token" content="[0-9a-f]{48}">/);
    const lines = tier.output().split('\n');
    const sendLine = lines.find((line) => line.trim().startsWith('npm run send -- '))?.trim() ?? '';
    const awsLine = lines.find((line) => line.includes(' aws --endpoint-url '))?.trim() ?? '';

    expect(sendLine).toContain(`--endpoint http://127.0.0.1:${port}`);
    expect(sendLine).toContain('--queue worker-tier-qa-work');
    expect(sendLine).toContain('--region eu-west-1');
    expect(awsLine).toMatch(
      /^AWS_ACCESS_KEY_ID=\S+ AWS_SECRET_ACCESS_KEY=\S+ AWS_DEFAULT_REGION=eu-west-1 aws /,
    );
    expect(awsLine).toContain(`--endpoint-url http://127.0.0.1:${port}`);
    expect(awsLine).toContain('worker-tier-qa-work');

    // `npm run send -- <args>` runs src/local/cli/send.ts with <args> (package.json); run it the same way.
    const sendArgs = words(sendLine.slice('npm run send -- '.length));
    const sent = await run(TSX, ['src/local/cli/send.ts', ...sendArgs], {
      cwd: REPO_ROOT,
      env: freshEnvironment(),
    });
    expect(sent.stdout).toMatch(/Sent MessageId \S+ to .*worker-tier-qa-work/);
    await tier.waitFor('"message":"test message received"');

    // The AWS CLI line: leading NAME=value words are its environment, as a shell would apply them.
    const [assignments, command] = [[] as string[], words(awsLine)];
    while (/^[A-Z_]+=/.test(command[0] ?? '')) assignments.push(command.shift() ?? '');
    const environment = Object.fromEntries(
      assignments.map((a) => [a.split('=')[0], a.slice(a.indexOf('=') + 1)]),
    );
    const [program, ...awsArgs] = command;
    expect(program).toBe('aws');
    const before = tier.output().split('"message":"test message received"').length;
    const viaCli = await run('aws', awsArgs, { env: { ...freshEnvironment(), ...environment } });
    expect(JSON.parse(viaCli.stdout).MessageId).toEqual(expect.any(String));
    await tier.waitFor('"message":"test message received"');
    for (
      let i = 0;
      i < 300 && tier.output().split('"message":"test message received"').length <= before;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(tier.output().split('"message":"test message received"').length).toBe(before + 1);
  }, 150_000);
});
