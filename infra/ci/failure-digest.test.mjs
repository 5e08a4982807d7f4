import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { errorLines, failingTests, failureDigest } from './failure-digest.mjs';

const root = mkdtempSync(join(tmpdir(), 'digest-'));
const reports = join(root, 'test-results', 'reports');
mkdirSync(reports, { recursive: true });
after(() => rmSync(root, { recursive: true, force: true }));

const jestReport = {
  testResults: [
    {
      name: join(root, 'api/test/webhooks.spec.ts'),
      status: 'failed',
      message: '',
      assertionResults: [
        { status: 'passed', fullName: 'webhooks signs', failureMessages: [] },
        {
          status: 'failed',
          fullName: 'webhooks retries a 500 with back-off',
          failureMessages: [
            '\u001b[31mError: expected 2 attempts, got 1\u001b[39m\n    at line 1\n' +
              'x\n'.repeat(30),
          ],
        },
      ],
    },
    {
      name: join(root, 'api/test/feeds.spec.ts'),
      status: 'failed',
      message: 'Test suite failed to run\n  Cannot find module ./missing',
      assertionResults: [],
    },
    { name: join(root, 'api/test/ok.spec.ts'), status: 'passed', assertionResults: [] },
  ],
};

describe('failure digest', () => {
  it('lists each failing test with its file and the first lines of its message, colours stripped', () => {
    const failures = failingTests(jestReport, root);
    assert.deepEqual(
      failures.map(({ file, title }) => `${file} › ${title}`),
      [
        'api/test/webhooks.spec.ts › webhooks retries a 500 with back-off',
        'api/test/feeds.spec.ts › (the file did not run)',
      ],
    );

    writeFileSync(join(reports, 'api-integration.json'), JSON.stringify(jestReport));
    writeFileSync(join(reports, 'web-unit.json'), JSON.stringify({ testResults: [] }));
    writeFileSync(join(reports, 'web-e2e.json'), '{"testResults": [');
    const digest = failureDigest({
      reports,
      output: 'Failed tasks:\n\n- @briefroom/api:test:integration\n- @briefroom/web:e2e\n',
    });
    assert.match(digest, /Failed tasks: @briefroom\/api:test:integration, @briefroom\/web:e2e/);
    assert.match(digest, /api-integration: 2 failing/);
    assert.match(digest, /✕ api\/test\/webhooks\.spec\.ts › webhooks retries a 500 with back-off/);
    assert.match(digest, /Error: expected 2 attempts, got 1/);
    assert.match(digest, /more lines above, in the log/);
    assert.match(digest, /Cannot find module \.\/missing/);
    assert.match(digest, /web-e2e\.json: unreadable/);
    assert.doesNotMatch(digest, /web-unit/);
    assert.ok(!digest.includes('\u001b['), 'colour codes are stripped');
  });

  it('picks the problems lint, typecheck and build tools print, not the logs of passing tests', () => {
    const output = [
      '@briefroom/api: src/a.ts(3,7): error TS2322: Type string is not assignable to type number.',
      '@briefroom/api: [Nest] 123  - ERROR [ExceptionsHandler] deliberate error in a passing test',
      '@briefroom/web: /work/web/src/routes/+page.svelte',
      '@briefroom/web:   12:3  error  Promises must be awaited  @typescript-eslint/no-floating-promises',
      '@briefroom/web: [warn] src/lib/x.ts',
      '@briefroom/web: Tests:       1 failed, 20 passed',
    ].join('\n');
    assert.deepEqual(errorLines(output), [
      'src/a.ts(3,7): error TS2322: Type string is not assignable to type number.',
      '/work/web/src/routes/+page.svelte',
      '  12:3  error  Promises must be awaited  @typescript-eslint/no-floating-promises',
      '[warn] src/lib/x.ts',
    ]);
  });

  it('run-tests passes on the exit status of nx and ends a failed run with the digest', () => {
    // run-tests as it sits in a checkout whose nx fails one task (a stand-in script, not the real nx)
    const checkout = join(root, 'checkout');
    mkdirSync(join(checkout, 'infra', 'ci'), { recursive: true });
    mkdirSync(join(checkout, 'node_modules', '.bin'), { recursive: true });
    for (const file of ['run-tests.mjs', 'failure-digest.mjs']) {
      copyFileSync(new URL(`./${file}`, import.meta.url), join(checkout, 'infra', 'ci', file));
    }
    const nx = join(checkout, 'node_modules', '.bin', 'nx');
    writeFileSync(
      nx,
      [
        '#!/bin/sh',
        `echo '{"testResults":[{"name":"a.spec.ts","status":"failed","assertionResults":[{"status":"failed","fullName":"a fails","failureMessages":["boom"]}]}]}' > test-results/reports/api-unit.json`,
        'echo "args: $*"',
        'printf "Failed tasks:\\n- @briefroom/api:test\\n"',
        'exit 3',
      ].join('\n'),
    );
    chmodSync(nx, 0o755);
    mkdirSync(join(checkout, 'test-results', 'reports'), { recursive: true });
    writeFileSync(
      join(checkout, 'test-results', 'reports', 'stale.json'),
      JSON.stringify(jestReport),
    );

    const run = spawnSync(
      process.execPath,
      [join(checkout, 'infra', 'ci', 'run-tests.mjs'), '-t', 'test'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 3);
    assert.match(run.stdout, /args: run-many -t test/);
    assert.match(
      run.stdout,
      /==> What failed[\s\S]*api-unit: 1 failing\n {2}✕ a\.spec\.ts › a fails\n\s+boom/,
    );
    // reports of an earlier run are cleared first
    assert.doesNotMatch(run.stdout, /webhooks/);
  });
});
