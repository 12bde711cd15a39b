import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

/**
 * Setup file of the `unit` project: a unit test may not open a socket or start a process. Instead of
 * trusting the file list in vitest.config.ts, every way out is replaced by a function that throws, so a
 * test that needs the network or a child process fails here with a message saying where it belongs.
 */

function refuse(what: string): never {
  throw new Error(
    `${what} in a unit test: move the file to the integration or slow project (vitest.config.ts)`,
  );
}

net.Server.prototype.listen = function listen() {
  refuse('net.Server.listen');
};
net.Socket.prototype.connect = function connect() {
  refuse('net.Socket.connect');
};
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = () => refuse(`child_process.${name}`);
}
// Named ESM imports of node:child_process read the builtin's export bindings: refresh them.
syncBuiltinESMExports();
