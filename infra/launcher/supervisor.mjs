/**
 * @typedef {{ stop(): Promise<void>, exited: Promise<import('./service-process.mjs').ServiceExit>, tail(): string[] }} Service
 *
 * @typedef {object} RestartBackoff
 * @property {number} firstDelayMs wait before the first restart after a crash
 * @property {number} maxDelayMs the wait doubles per crash or failed restart in a row, up to this
 * @property {number} stableAfterMs a run that lasted this long resets the wait to firstDelayMs
 *
 * @typedef {object} SupervisedService
 * @property {Promise<Service>} started the first start; a failure there is a start-up failure, never retried
 * @property {() => number} restarts how many times the service was started again after a crash
 * @property {() => Promise<void>} stop no more restarts, then stops the running service; idempotent
 */

/** @type {RestartBackoff} */
export const RESTART_BACKOFF = { firstDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/**
 * @param {number} failuresInARow crashes and failed restarts since the last stable run
 * @param {RestartBackoff} [backoff]
 * @returns {number} milliseconds to wait before the next start
 */
export function restartDelay(failuresInARow, backoff = RESTART_BACKOFF) {
  return Math.min(backoff.firstDelayMs * 2 ** failuresInARow, backoff.maxDelayMs);
}

/**
 * Keeps an embedded service running: when it exits without being asked to (a crash, kill -9, or
 * someone else's fast shutdown), it is started again the same way (same port, same data, same
 * keys) after a back-off, while the app keeps serving without it. One line reports each crash and
 * each restart.
 * @param {object} options
 * @param {string} options.name as the user knows it, e.g. "Meilisearch"
 * @param {() => Promise<Service>} options.start starts one run of the service; resolves once it is ready
 * @param {(line: string) => void} options.report
 * @param {string} [options.meanwhile] what the app does while the service is down, for the crash line
 * @param {RestartBackoff} [options.backoff]
 * @param {() => number} [options.now]
 * @returns {SupervisedService}
 */
export function superviseService({
  name,
  start,
  report,
  meanwhile = '',
  backoff = RESTART_BACKOFF,
  now = Date.now,
}) {
  let stopped = false;
  let failuresInARow = 0;
  let restarts = 0;
  /** @type {Service | undefined} */
  let running;
  /** @type {Promise<void> | undefined} */
  let starting;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  /** @type {Promise<void> | undefined} */
  let stopping;

  /** @param {Service} service */
  const watch = (service) => {
    running = service;
    const startedAt = now();
    void service.exited.then(({ code, signal }) => {
      if (running === service) running = undefined;
      if (stopped) return;
      if (now() - startedAt >= backoff.stableAfterMs) failuresInARow = 0;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const delay = restartDelay(failuresInARow++, backoff);
      const lastLine = service.tail().at(-1)?.slice(0, 200);
      report(
        `The embedded ${name} ${how}; restarting it in ${seconds(delay)}${meanwhile ? `, ${meanwhile}` : ''}.${lastLine ? ` Its last output: ${lastLine}` : ''}`,
      );
      retryIn(delay);
    });
  };

  /** Starts one run; a run that becomes ready after stop() is stopped at once. */
  const launch = () => {
    const run = start();
    starting = run.then(
      async (service) => {
        if (stopped) await service.stop();
      },
      () => undefined,
    );
    return run;
  };

  /** @param {number} delay */
  const retryIn = (delay) => {
    timer = setTimeout(() => {
      timer = undefined;
      launch().then(
        (service) => {
          if (stopped) return;
          restarts += 1;
          report(`The embedded ${name} is running again (restart ${restarts}).`);
          watch(service);
        },
        (/** @type {Error} */ error) => {
          if (stopped) return;
          const next = restartDelay(failuresInARow++, backoff);
          report(
            `The embedded ${name} could not be restarted (${String(error?.message ?? error).replace(/\.$/, '')}); trying again in ${seconds(next)}.`,
          );
          retryIn(next);
        },
      );
    }, delay);
  };

  const started = launch().then((service) => {
    if (!stopped) watch(service);
    return service;
  });

  return {
    started,
    restarts: () => restarts,
    stop: () => {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        await starting;
        await running?.stop();
      })();
      return stopping;
    },
  };
}

/** @param {number} ms */
function seconds(ms) {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
