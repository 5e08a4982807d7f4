/**
 * A start-up failure the user can act on. Its message is one sentence that says what went wrong
 * and what to do, so `npm start` prints it alone, without a stack trace.
 */
export class LauncherError extends Error {
  /**
   * @param {string} message one clear sentence
   * @param {{ cause?: unknown, code?: string }} [options] `code` tells callers and tests which failure this is
   */
  constructor(message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LauncherError';
    /** @type {string} */
    this.code = options.code ?? 'LAUNCHER_ERROR';
  }
}
