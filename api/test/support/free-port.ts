import { createServer } from 'node:net';

/**
 * A loopback port free right now: the system picks it, so it is never one an outgoing connection
 * holds (a port drawn at random from 20000-39999 once collided with one, EADDRINUSE under load).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
