import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh directory (mode 0700, as mkdtemp makes it: the launcher has to cope with that as root).
 * @param {string} prefix
 */
export function temporaryDataDir(prefix) {
  return fs.mkdtemp(path.join(os.tmpdir(), `briefroom-${prefix}-`));
}

/** A port nothing listens on right now, so the tests never meet a running dev instance. */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Occupies a port the way another program would.
 * @param {number} port
 * @returns {Promise<net.Server>}
 */
export async function holdPort(port) {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  return server;
}
