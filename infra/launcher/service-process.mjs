import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import { LauncherError } from './errors.mjs';

/**
 * @typedef {object} ServiceExit
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 *
 * @typedef {object} ServiceProcess
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<ServiceExit>} exited resolves when the process has exited, for whatever reason
 * @property {() => boolean} isRunning
 * @property {() => string[]} tail the last lines the process printed (stdout and stderr)
 * @property {() => Promise<void>} stop asks the process to stop, escalates after timeouts; idempotent
 * @property {(listener: (line: string) => void) => void} onLine calls listener with every further output line
 * @property {() => void} forgetOutput drops the kept lines (a start-up banner is no help in a later error message)
 *
 * @typedef {object} SpawnServiceOptions
 * @property {string} name short name used as the log prefix, e.g. "postgres"
 * @property {string} command absolute path of the executable
 * @property {string[]} args
 * @property {NodeJS.ProcessEnv} env
 * @property {string} [cwd]
 * @property {number} [uid] run as this user (only when the launcher runs as root)
 * @property {number} [gid]
 * @property {(line: string) => void} [log]
 * @property {Array<[NodeJS.Signals, number]>} stopSignals signals tried in turn, each with how long to wait; SIGKILL follows
 */

const TAIL_LINES = 40;

/** Children still running, stopped synchronously if the launcher exits without stopping them. */
/** @type {Set<{ child: import('node:child_process').ChildProcess, signal: NodeJS.Signals }>} */
const liveChildren = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers cannot wait, so the children only get their first stop signal; both services
  // finish shutting down on their own after that.
  process.on('exit', () => {
    for (const { child, signal } of liveChildren) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  });
}

/** @type {string | null | undefined} */
let setprivPath;

/**
 * util-linux `setpriv --pdeathsig` makes the kernel signal the child when the launcher dies, even
 * by SIGKILL, which no JavaScript handler can catch. Missing or too old: fall back to the exit hook.
 * @returns {string | null}
 */
function findSetpriv() {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== 'linux') return setprivPath;
  for (const candidate of ['/usr/bin/setpriv', '/bin/setpriv']) {
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const help = spawnSync(candidate, ['--help'], { encoding: 'utf8', timeout: 2000 });
    if (help.status === 0 && help.stdout.includes('--pdeathsig')) setprivPath = candidate;
    break;
  }
  return setprivPath;
}

/**
 * Starts a long-running service as a supervised child: in its own process group (so a Ctrl-C in
 * the terminal reaches only the launcher, which then shuts down in order), tied to the launcher's
 * life, with its output kept for error messages.
 * @param {SpawnServiceOptions} options
 * @returns {ServiceProcess}
 */
export function spawnService({
  name,
  command,
  args,
  env,
  cwd,
  uid,
  gid,
  log = () => {},
  stopSignals,
}) {
  installExitHook();
  const firstSignal = stopSignals[0]?.[0] ?? 'SIGTERM';
  const setpriv = findSetpriv();
  const [file, argv] = setpriv
    ? [setpriv, ['--pdeathsig', firstSignal.replace(/^SIG/, ''), '--', command, ...args]]
    : [command, args];

  const child = spawn(file, argv, {
    cwd,
    env,
    uid,
    gid,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  /** @type {string[]} */
  const lines = [];
  /** @param {import('node:stream').Readable | null} stream */
  const collect = (stream) => {
    if (!stream) return;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (/** @type {string} */ chunk) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const line of parts) keep(line);
    });
    stream.on('end', () => {
      if (partial) keep(partial);
      partial = '';
    });
  };
  /** @param {string} line */
  const keep = (line) => {
    if (!line.trim()) return;
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    log(`[${name}] ${line}`);
    for (const listener of lineListeners) listener(line);
  };
  /** @type {Set<(line: string) => void>} */
  const lineListeners = new Set();
  collect(child.stdout);
  collect(child.stderr);

  const entry = { child, signal: firstSignal };
  liveChildren.add(entry);
  let running = true;

  /** @type {Promise<ServiceExit>} */
  const exited = new Promise((resolve) => {
    child.once('error', (error) => {
      // spawn itself failed (ENOENT, EACCES): there is no process to wait for
      running = false;
      liveChildren.delete(entry);
      lines.push(`${name} could not be started: ${error.message}`);
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      running = false;
      liveChildren.delete(entry);
      resolve({ code, signal });
    });
  });

  /** @type {Promise<void> | undefined} */
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      for (const [signal, waitMs] of stopSignals) {
        if (!running) break;
        signalChild(child, signal);
        if (await settlesWithin(exited, waitMs)) break;
        log(`[${name}] did not stop within ${waitMs / 1000} s of ${signal}`);
      }
      if (running) {
        signalChild(child, 'SIGKILL');
        await exited;
      }
    })();
    return stopping;
  };

  return {
    child,
    exited,
    isRunning: () => running,
    tail: () => [...lines],
    stop,
    onLine: (listener) => {
      lineListeners.add(listener);
    },
    forgetOutput: () => {
      lines.length = 0;
    },
  };
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function signalChild(child, signal) {
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

/**
 * @param {Promise<unknown>} promise
 * @param {number} ms
 * @returns {Promise<boolean>} whether the promise settled in time
 */
export function settlesWithin(promise, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

/**
 * Fails with a LauncherError when something already listens on 127.0.0.1:port. Checked before
 * spawning because a service that cannot bind only says so in its log, and because an HTTP
 * readiness probe would happily talk to whatever else holds the port.
 * @param {number} port
 * @param {string} message the sentence to throw when the port is taken
 */
export async function assertPortFree(port, message) {
  await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (/** @type {NodeJS.ErrnoException} */ error) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(new LauncherError(message, { code: 'PORT_IN_USE', cause: error }));
      } else {
        reject(error);
      }
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(resolve));
  });
}

/**
 * @param {unknown} value
 * @param {string} name the setting, for the error message
 * @returns {number}
 */
export function parsePort(value, name) {
  const port = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LauncherError(`${name} must be a port number from 1 to 65535, got "${value}".`, {
      code: 'BAD_PORT',
    });
  }
  return port;
}

/**
 * The end of a service's output, on one line, for an error message.
 * @param {string[]} lines
 * @returns {string}
 */
export function lastLines(lines, count = 5) {
  return lines.slice(-count).join(' | ');
}
