import { createServer, type Socket } from 'node:net';

/**
 * An HTTP endpoint on loopback that accepts connections, reads what arrives and never writes a byte back:
 * an SQS endpoint that hangs, for the tests of every deadline that must not wait on one.
 */
type SilentEndpoint = {
  url: string;
  /** Connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
};

async function startSilentEndpoint(): Promise<SilentEndpoint> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('silent endpoint: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type { SilentEndpoint };
export { startSilentEndpoint };
