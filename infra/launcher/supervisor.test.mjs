import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RESTART_BACKOFF, restartDelay, superviseService } from './supervisor.mjs';

/** Waits of 10 to 80 ms; the clock that decides "stable" is the test's own. */
const FAST = { firstDelayMs: 10, maxDelayMs: 80, stableAfterMs: 60_000 };

/** A stand-in for one run of an embedded service, which the test makes exit. */
function fakeRun(lastOutput = '') {
  /** @type {(exit: { code: number | null, signal: NodeJS.Signals | null }) => void} */
  let exit = () => {};
  const exited = new Promise((resolve) => (exit = resolve));
  const run = {
    exited,
    stopped: false,
    tail: () => (lastOutput ? [lastOutput] : []),
    crash: (signal = /** @type {NodeJS.Signals} */ ('SIGKILL')) => exit({ code: null, signal }),
    stop: async () => {
      run.stopped = true;
      exit({ code: 0, signal: null });
    },
  };
  return run;
}

/**
 * Runs a supervisor whose starts are answered in turn by `outcomes` (a run, or an Error).
 * @param {Array<ReturnType<typeof fakeRun> | Error>} outcomes
 */
function supervise(outcomes, clock = { now: 0 }) {
  const lines = /** @type {string[]} */ ([]);
  let starts = 0;
  /** @type {(() => void)[]} */
  const waiting = [];
  const supervised = superviseService({
    name: 'Meilisearch',
    meanwhile: 'search is degraded until it is back',
    backoff: FAST,
    now: () => clock.now,
    report: (line) => {
      lines.push(line);
      waiting.splice(0).forEach((wake) => wake());
    },
    start: async () => {
      const outcome = outcomes[starts++];
      if (!outcome) throw new Error('no more outcomes');
      if (outcome instanceof Error) throw outcome;
      return /** @type {any} */ (outcome);
    },
  });
  /** @param {number} count resolves once that many lines were reported */
  const linesReported = async (count) => {
    while (lines.length < count) await new Promise((resolve) => waiting.push(() => resolve(0)));
    return lines;
  };
  return { supervised, lines, linesReported, starts: () => starts };
}

describe(restartDelay.name, () => {
  test('starts at 0.5 s and doubles per failure in a row up to 30 s', () => {
    assert.deepEqual(
      Array.from({ length: 9 }, (_, failures) => restartDelay(failures, RESTART_BACKOFF)),
      [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
    );
  });
});

describe(superviseService.name, () => {
  test('restarts a crashed service and says so in one line each', async () => {
    const first = fakeRun('WARN the last thing it said');
    const second = fakeRun();
    const { supervised, linesReported } = supervise([first, second]);
    assert.equal(await supervised.started, first);

    first.crash();
    assert.deepEqual(await linesReported(2), [
      'The embedded Meilisearch was killed by SIGKILL; restarting it in 0.01 s, search is degraded until it is back. Its last output: WARN the last thing it said',
      'The embedded Meilisearch is running again (restart 1).',
    ]);
    assert.equal(supervised.restarts(), 1);
    await supervised.stop();
    assert.ok(second.stopped, 'stop() stops the run that replaced the crashed one');
  });

  test('backs off, doubling per failure in a row up to the cap, and keeps trying', async () => {
    const first = fakeRun();
    const refused = () => new Error('Port 7701 is already in use.');
    const { supervised, linesReported } = supervise([
      first,
      refused(),
      refused(),
      refused(),
      refused(),
      fakeRun(),
    ]);
    await supervised.started;
    first.crash();
    const lines = await linesReported(6);
    assert.match(lines[0], /restarting it in 0\.01 s,/);
    assert.deepEqual(lines.slice(1, 5), [
      'The embedded Meilisearch could not be restarted (Port 7701 is already in use); trying again in 0.02 s.',
      'The embedded Meilisearch could not be restarted (Port 7701 is already in use); trying again in 0.04 s.',
      'The embedded Meilisearch could not be restarted (Port 7701 is already in use); trying again in 0.08 s.',
      'The embedded Meilisearch could not be restarted (Port 7701 is already in use); trying again in 0.08 s.',
    ]);
    assert.equal(lines[5], 'The embedded Meilisearch is running again (restart 1).');
    await supervised.stop();
  });

  test('a run that lasted a stable minute starts the back-off again from the first delay', async () => {
    const clock = { now: 0 };
    const runs = [fakeRun(), fakeRun(), fakeRun(), fakeRun()];
    const { supervised, linesReported } = supervise([...runs], clock);
    await supervised.started;

    runs[0].crash();
    await linesReported(2);
    runs[1].crash();
    await linesReported(4);
    clock.now += FAST.stableAfterMs;
    runs[2].crash();
    const lines = await linesReported(6);

    assert.deepEqual(
      lines
        .filter((line) => line.includes('restarting'))
        .map((line) => /in ([\d.]+) s/.exec(line)?.[1]),
      ['0.01', '0.02', '0.01'],
    );
    await supervised.stop();
  });

  test('a stop() while waiting to restart means no restart, and a start under way is stopped once ready', async () => {
    const first = fakeRun();
    const { supervised, linesReported, starts } = supervise([first, fakeRun()], { now: 0 });
    await supervised.started;
    first.crash();
    await linesReported(1);
    await supervised.stop();
    await new Promise((resolve) => setTimeout(resolve, FAST.maxDelayMs * 2));
    assert.equal(starts(), 1, 'nothing was started after stop()');

    /** @type {(run: any) => void} */
    let finishStart = () => {};
    const slow = fakeRun();
    const pending = superviseService({
      name: 'PostgreSQL',
      report: () => {},
      start: () => new Promise((resolve) => (finishStart = resolve)),
    });
    const stopped = pending.stop();
    finishStart(slow);
    await stopped;
    assert.ok(slow.stopped, 'the run that became ready after stop() was stopped');
  });

  test('a failing first start is a start-up failure: reported by `started`, never retried', async () => {
    const { supervised, starts, lines } = supervise([new Error('Refusing to run the binary.')]);
    await assert.rejects(supervised.started, /Refusing to run the binary/);
    await new Promise((resolve) => setTimeout(resolve, FAST.maxDelayMs * 2));
    assert.equal(starts(), 1);
    assert.deepEqual(lines, []);
    await supervised.stop();
  });
});
