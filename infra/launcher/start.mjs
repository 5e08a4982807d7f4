// `npm start`: builds what is missing, runs embedded PostgreSQL / Meilisearch when no external ones
// are configured, then serves the whole product from the API on one origin.
// Only node: built-ins are imported statically, so the Node version check below runs on old Nodes too.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD_OUTPUTS = ['api/dist/server.js', 'web/build/handler.js'];
const BUILD_PROJECTS = ['@briefroom/api', '@briefroom/web'];
const BUILD_WORKSPACES = ['api', 'web'];
const FORCED_EXIT_AFTER_MS = 30_000;
const debug = ['1', 'true'].includes((process.env.DEBUG ?? '').toLowerCase());

/** A start-up failure whose message is already the sentence to print. */
class StartError extends Error {}

/**
 * @typedef {{ stop(): Promise<void>, exited: Promise<{ code: number | null, signal: string | null }>, tail(): string[] }} Service
 * @typedef {{ url: string, setupCode?: string, close(): Promise<void> }} RunningServer
 */

/** @type {Array<import('./supervisor.mjs').SupervisedService>} */
const supervisedServices = [];
/** @type {Promise<RunningServer> | undefined} */
let serverStart;
/** @type {Promise<void> | undefined} */
let shuttingDown;
let signalsReceived = 0;

await main().catch((error) => fail(error));

async function main() {
  assertNodeVersion();
  await buildWhatIsMissing();

  const dataDir = path.resolve(REPO_ROOT, process.env.DATA_DIR?.trim() || '.data');
  mkdirSync(dataDir, { recursive: true });
  process.env.DATA_DIR = dataDir;

  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']))
    process.on(signal, onSignal);
  process.on('uncaughtException', onUnexpectedError);
  process.on('unhandledRejection', onUnexpectedError);

  const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs');
  const { startEmbeddedMeilisearch } = await import('./meilisearch.mjs');
  const { superviseService } = await import('./supervisor.mjs');
  const log = debug ? (/** @type {string} */ line) => console.error(line) : undefined;
  /**
   * @template {Service} T
   * @param {{ name: string, meanwhile: string, start: () => Promise<T> }} options
   * @returns {Promise<T>} the first start
   */
  const supervise = (options) => {
    const supervised = superviseService({
      ...options,
      report: (line) => {
        if (!shuttingDown) console.error(line);
      },
    });
    supervisedServices.push(supervised);
    return /** @type {Promise<T>} */ (supervised.started);
  };
  const started = Date.now();

  // Both services and the API's module graph load at the same time; start-up is only as slow as the slowest.
  // A service that dies later is restarted the same way (same port, data and keys) while the API keeps serving.
  const postgres = process.env.DATABASE_URL
    ? undefined
    : supervise({
        name: 'PostgreSQL',
        meanwhile: 'requests that need the database fail until it is back',
        start: () =>
          startEmbeddedPostgres({ dataDir, port: process.env.EMBEDDED_PG_PORT || undefined, log }),
      });
  const meilisearch = process.env.MEILI_URL
    ? undefined
    : supervise({
        name: 'Meilisearch',
        meanwhile: 'search is degraded until it is back',
        start: () =>
          startEmbeddedMeilisearch({
            dataDir,
            port: process.env.EMBEDDED_MEILI_PORT || undefined,
            maxIndexingMemory: process.env.MEILI_MAX_INDEXING_MEMORY || undefined,
            log,
          }),
      });
  // server.js reads its configuration when startServer() is called, not when it is imported
  const serverModule = import(pathToFileURL(path.join(REPO_ROOT, 'api/dist/server.js')).href);
  serverModule.catch(() => {});

  const [pg, meili] = await Promise.all([postgres, meilisearch]);
  if (shuttingDown) return;
  if (pg) process.env.DATABASE_URL = pg.url;
  if (meili) {
    process.env.MEILI_URL = meili.url;
    process.env.MEILI_MASTER_KEY = meili.masterKey;
  }
  const embedded = [
    pg && `PostgreSQL on 127.0.0.1:${pg.port}`,
    meili && `Meilisearch on 127.0.0.1:${meili.port}`,
  ].filter(Boolean);
  if (embedded.length > 0) {
    console.log(
      `Embedded ${embedded.join(' and ')} ${embedded.length > 1 ? 'are' : 'is'} up (data in ${displayPath(dataDir)}).`,
    );
  }

  /** @type {{ startServer: () => Promise<RunningServer> }} */
  const { startServer } = await serverModule;
  if (shuttingDown) return;
  serverStart = startServer();
  const server = await serverStart;
  if (shuttingDown) return;

  if (debug) console.error(`Services and API ready in ${Date.now() - started} ms.`);
  console.log(`\nBriefroom is running at ${server.url}`);
  const adminEmail = process.env.ADMIN_EMAIL?.trim();
  console.log(
    server.setupCode
      ? `Open ${server.url}/setup and enter the setup code ${server.setupCode} to create the first admin account.`
      : adminEmail
        ? `Sign in as ${adminEmail}.`
        : `Open ${server.url} and sign in.`,
  );
  console.log('Press Ctrl+C to stop.');
}

/** @param {string} dir */
function displayPath(dir) {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir;
}

function assertNodeVersion() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(
      `Briefroom needs Node.js 20.19 or newer but this is ${process.version}: install a newer Node.js.`,
    );
    process.exit(1);
  }
}

async function buildWhatIsMissing() {
  const missing = BUILD_OUTPUTS.filter((file) => !existsSync(path.join(REPO_ROOT, file)));
  if (missing.length === 0) return;
  console.log(`Building Briefroom first (${missing.join(' and ')} missing)…`);

  const env = { ...process.env, NX_DAEMON: 'false' };
  const nx = nxCli();
  const nxUsable =
    nx !== undefined &&
    spawnSync(process.execPath, [nx, '--version'], {
      cwd: REPO_ROOT,
      env,
      stdio: 'ignore',
      timeout: 30_000,
    }).status === 0;

  if (nxUsable) {
    await run(
      process.execPath,
      [nx, 'run-many', '-t', 'build', '-p', ...BUILD_PROJECTS],
      REPO_ROOT,
      env,
    );
  } else {
    console.log('Nx cannot run here; building each workspace directly.');
    for (const workspace of BUILD_WORKSPACES) await buildWithoutNx(workspace, env);
  }

  const stillMissing = BUILD_OUTPUTS.filter((file) => !existsSync(path.join(REPO_ROOT, file)));
  if (stillMissing.length > 0) {
    throw new StartError(
      `The build finished but ${stillMissing.join(' and ')} is still missing: check the build output above.`,
    );
  }
}

/** @returns {string | undefined} the Nx CLI script of the repository's own nx package */
function nxCli() {
  try {
    const manifestFile = createRequire(path.join(REPO_ROOT, 'package.json')).resolve(
      'nx/package.json',
    );
    const { bin } = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const script = typeof bin === 'string' ? bin : bin?.nx;
    return script ? path.resolve(path.dirname(manifestFile), script) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds one workspace the way Nx would: its `build` npm script if it has one, else the command
 * of the `build` target in its project.json.
 * @param {string} workspace
 * @param {NodeJS.ProcessEnv} env
 */
async function buildWithoutNx(workspace, env) {
  const dir = path.join(REPO_ROOT, workspace);
  if (readJson(path.join(dir, 'package.json'))?.scripts?.build) {
    // npm sets npm_execpath when it runs this script; otherwise npm is on PATH
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
    return run(npm[0], [...npm.slice(1), 'run', 'build', '-w', workspace], REPO_ROOT, env);
  }
  const target = readJson(path.join(dir, 'project.json'))?.targets?.build;
  const command = target?.command ?? target?.options?.command;
  if (typeof command !== 'string') {
    throw new StartError(
      `${workspace} has no build command Briefroom can run without Nx: run npm ci, then npm start again.`,
    );
  }
  const cwd = path.resolve(
    REPO_ROOT,
    String(target.options?.cwd ?? '.')
      .replace('{workspaceRoot}', '.')
      .replace('{projectRoot}', workspace),
  );
  const bins = [path.join(dir, 'node_modules/.bin'), path.join(REPO_ROOT, 'node_modules/.bin')];
  await run('sh', ['-c', command], cwd, { ...env, PATH: [...bins, env.PATH].join(path.delimiter) });
}

/**
 * @param {string} file
 * @returns {any}
 */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {NodeJS.ProcessEnv} env
 */
async function run(command, args, cwd, env) {
  const code = await new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.once('error', () => resolve(-1));
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new StartError('The build failed: fix the errors above, then run npm start again.');
  }
}

function onSignal() {
  signalsReceived += 1;
  if (signalsReceived > 1) {
    console.error('Stopping immediately.');
    process.exit(1);
  }
  console.log('\nStopping Briefroom…');
  shutdown(0);
}

/**
 * Anything thrown outside start-up still stops the embedded services cleanly; while stopping,
 * connections torn down by those services are expected to complain, and are ignored.
 * @param {unknown} error
 */
function onUnexpectedError(error) {
  if (shuttingDown) {
    if (debug) console.error(error);
    return;
  }
  console.error(
    `Briefroom stopped after an unexpected error: ${describe(error).replace(/^Briefroom could not start: /, '')}`,
  );
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
  shutdown(1);
}

/**
 * Stops in dependency order: the API first (it finishes requests and closes its database and
 * search connections), then the services it used.
 * @param {number} exitCode
 */
function shutdown(exitCode) {
  shuttingDown ??= (async () => {
    // the 'exit' hooks in service-process.mjs still signal the children if this runs out of time
    setTimeout(() => {
      console.error(`Shutdown took longer than ${FORCED_EXIT_AFTER_MS / 1000} s; exiting anyway.`);
      process.exit(exitCode || 1);
    }, FORCED_EXIT_AFTER_MS).unref();

    const server = await serverStart?.catch(() => undefined);
    await server?.close().catch((error) => debug && console.error(error));
    await Promise.allSettled(supervisedServices.map((service) => service.stop()));
    process.exit(exitCode);
  })();
  return shuttingDown;
}

/** @param {unknown} error */
function fail(error) {
  console.error(describe(error));
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
  shutdown(1);
}

/**
 * One sentence for every way start-up can fail.
 * @param {unknown} error
 */
function describe(error) {
  const err = /** @type {NodeJS.ErrnoException & { name?: string }} */ (error ?? {});
  if (err.name === 'LauncherError' || err.name === 'ConfigError' || err instanceof StartError)
    return err.message;
  if (err.code === 'EADDRINUSE') {
    return `Port ${process.env.PORT?.trim() || 3000} is already in use: stop the other process or set PORT.`;
  }
  if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('api/dist')) {
    return 'The API build in api/dist is incomplete: run npm run build (or delete api/dist), then npm start again.';
  }
  const message = String(err.message ?? error).replace(/\s+$/, '');
  return `Briefroom could not start: ${message}${/[.!?]$/.test(message) ? '' : '.'}${debug ? '' : ' (set DEBUG=1 for details)'}`;
}
