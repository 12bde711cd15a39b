import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago, for a child process that must be told its port up front
 * (`npm start --port`, the sqsd app's PORT). Tests that own the server listen on port 0 instead.
 */
function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export { freePort };
