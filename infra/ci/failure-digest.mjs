// What failed, in a few lines: see run-tests.mjs.
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

const MESSAGE_LINES = 12;
const ERROR_LINES = 40;

// eslint-disable-next-line no-control-regex -- ANSI colour codes are exactly control characters
const ansi = /\u001b\[[0-9;]*m/g;

/** Where the test runners write their jest-format JSON results. */
export function reportsDir(root) {
  return join(root, 'test-results', 'reports');
}

/** Failing tests from jest-format JSON (jest --json, vitest's json reporter): file, title, message. */
export function failingTests(report, root = '') {
  const failures = [];
  for (const file of report.testResults ?? []) {
    const path = root && isAbsolute(file.name) ? relative(root, file.name) : file.name;
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) {
      failures.push({
        file: path,
        title: test.fullName || [...(test.ancestorTitles ?? []), test.title].join(' › '),
        message: (test.failureMessages ?? []).join('\n'),
      });
    }
    // A file that failed to run at all (syntax error, hook timeout, crash) has no failed test.
    if (failed.length === 0 && file.status === 'failed') {
      failures.push({ file: path, title: '(the file did not run)', message: file.message ?? '' });
    }
  }
  return failures;
}

// What lint, typecheck and build tools print for a problem (tests are in the reports instead; their
// logs also carry the deliberate errors of tests that pass, so a loose /error/ would be noise).
const toolProblem = [
  /error TS\d+:/, // tsc
  /^\s*\d+:\d+\s+(error|warning)\s/, // eslint, under the file it names
  /^\[warn\]/, // prettier --check
  /^(Error|Warn): /, // svelte-check, under the file it names
  /svelte-check found \d+ errors?/,
  /^error during build:/, // vite
];

/** The lines of the output that report a lint, type or build problem, with the file line before. */
export function errorLines(output) {
  const lines = output
    .replace(ansi, '')
    .split('\n')
    .map((line) => line.replace(/^@[\w/-]+:\s?/, '')); // nx's per-project prefix
  const shown = [];
  lines.forEach((line, index) => {
    if (!toolProblem.some((pattern) => pattern.test(line))) return;
    const previous = lines[index - 1] ?? '';
    // eslint and svelte-check name the file on the line above the problem
    if (
      /^\S+\.(ts|js|mjs|svelte)(:\d+:\d+)?\s*$/.test(previous.trim()) &&
      !shown.includes(previous)
    ) {
      shown.push(previous);
    }
    shown.push(line);
  });
  return shown.slice(0, ERROR_LINES);
}

function firstLines(text, count) {
  const lines = text.replace(ansi, '').trim().split('\n');
  const shown = lines.slice(0, count).map((line) => `      ${line}`);
  if (lines.length > count)
    shown.push(`      … ${lines.length - count} more lines above, in the log`);
  return shown.join('\n');
}

function readReports(reports) {
  let names;
  try {
    names = readdirSync(reports).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    try {
      return [{ name, report: JSON.parse(readFileSync(join(reports, name), 'utf8')) }];
    } catch {
      return [{ name, report: null }];
    }
  });
}

/** The digest printed at the end of a failed run. */
export function failureDigest({ reports, output, root = join(reports, '..', '..') }) {
  const out = ['', '==> What failed (a digest; the full messages are above)'];
  const failedTasks = [
    ...new Set(
      output
        .replace(ansi, '')
        .split('\n')
        .map((line) => /^\s*-\s+(@[\w/-]+:[\w:-]+)\s*$/.exec(line)?.[1])
        .filter(Boolean),
    ),
  ];
  if (failedTasks.length > 0) out.push(`Failed tasks: ${failedTasks.join(', ')}`);

  for (const { name, report } of readReports(reports)) {
    if (report === null) {
      out.push(`${name}: unreadable (the runner stopped while writing it)`);
      continue;
    }
    const failures = failingTests(report, root);
    if (failures.length === 0) continue;
    out.push('', `${name.replace(/\.json$/, '')}: ${failures.length} failing`);
    for (const failure of failures) {
      out.push(
        `  ✕ ${failure.file} › ${failure.title}`,
        firstLines(failure.message, MESSAGE_LINES),
      );
    }
  }

  const errors = errorLines(output);
  if (errors.length > 0) out.push('', 'Lines of the output that name an error:', ...errors);
  out.push('');
  return out.join('\n');
}
