import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The Flask peer (bench/flask/app.py) under gunicorn with 2 sync workers, as an EB Python worker app runs.
 * Only when a Python with both `flask` and `gunicorn` is installed (Debian: `apt-get install gunicorn
 * python3-flask`); BENCH_PYTHON picks the interpreter.
 */

const CANDIDATES = ['python3', '/usr/bin/python3', 'python'];

/** The first Python that imports flask and gunicorn, or why none does. */
function findFlaskPython(): { python: string } | { missing: string } {
  const candidates = process.env.BENCH_PYTHON ? [process.env.BENCH_PYTHON] : CANDIDATES;
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import flask, gunicorn'], { stdio: 'ignore' });
    if (probe.status === 0) return { python };
  }
  return { missing: `no Python with flask and gunicorn among ${candidates.join(', ')}` };
}

/** `launch` turns the command line into the one to run (the benchmark pins servers to a CPU with it). */
function startFlask(
  python: string,
  port: number,
  root: string,
  launch: (command: string, args: readonly string[]) => [string, string[]] = (command, args) => [
    command,
    [...args],
  ],
): ChildProcess {
  const [command, args] = launch(python, [
    '-m',
    'gunicorn',
    '--workers',
    '2',
    '--bind',
    `127.0.0.1:${port}`,
    '--chdir',
    join(root, 'bench', 'flask'),
    '--log-level',
    'warning',
    'app:app',
  ]);
  return spawn(command, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { PATH: process.env.PATH ?? '' },
  });
}

export { findFlaskPython, startFlask };
