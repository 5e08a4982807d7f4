#!/usr/bin/env node
// `npm test` and friends: runs `nx run-many` with the given arguments, and when it fails, ends the log
// with a digest of what failed. A CI log is often read from its tail, and with the tiers streaming
// side by side the failing test's message is otherwise hundreds of lines above the end.
//
// The digest has two sources:
// - test runners (jest, vitest) write their results as jest-format JSON under test-results/reports/
//   (see the targets in api/project.json and web/project.json): each failing test, file and message;
// - every other task (lint, typecheck, build): the lines of its output that name an error.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureDigest, reportsDir } from './failure-digest.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const reports = reportsDir(root);
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const output = [];
const nx = spawn(join(root, 'node_modules', '.bin', 'nx'), ['run-many', ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'pipe'],
});
for (const [stream, sink] of [
  [nx.stdout, process.stdout],
  [nx.stderr, process.stderr],
]) {
  stream.on('data', (chunk) => {
    sink.write(chunk);
    output.push(chunk.toString('utf8'));
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => nx.kill(signal));
}

nx.on('close', (code, signal) => {
  const status = code ?? (signal ? 1 : 0);
  if (status !== 0) process.stdout.write(failureDigest({ reports, output: output.join('') }));
  process.exit(status);
});
