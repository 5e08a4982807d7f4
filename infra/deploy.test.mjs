// The deployment files stay valid: docker-compose must accept docker-compose.yml (no engine needed).
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const secrets = {
  MEILI_MASTER_KEY: 'test-master-key-0123456789',
  POSTGRES_PASSWORD: 'test',
  METRICS_TOKEN: 'test',
};

function compose(args, env) {
  for (const [command, prefix] of [
    ['docker', ['compose']],
    ['docker-compose', []],
  ]) {
    const result = spawnSync(command, [...prefix, '-f', 'docker-compose.yml', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    if (
      result.error?.code === 'ENOENT' ||
      /is not a docker command|unknown command|unknown shorthand flag/i.test(result.stderr ?? '')
    )
      continue;
    return result;
  }
  return undefined;
}

const available = compose(['version'], {}) !== undefined;
// CI installs docker-compose (.ci/run); a laptop without Docker tooling skips with the reason.
const skip =
  !available && !process.env.CI
    ? 'neither `docker compose` nor `docker-compose` is installed'
    : false;

test('docker-compose.yml validates with its required secrets', { skip }, () => {
  const result = compose(['config', '-q'], secrets);
  assert.ok(result, 'docker compose is required in CI');
  assert.equal(result.status, 0, result.stderr);
});

test('docker-compose.yml refuses to start without a Meilisearch master key', { skip }, () => {
  const { MEILI_MASTER_KEY: _omitted, ...rest } = secrets;
  const result = compose(['config', '-q'], rest);
  assert.ok(result);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /MEILI_MASTER_KEY/);
});

test('the compose file runs two app replicas behind the proxy with health checks', { skip }, () => {
  const result = compose(['config'], secrets);
  assert.ok(result);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /replicas: 2/);
  assert.match(result.stdout, /image: postgres:17/);
  assert.match(result.stdout, /getmeili\/meilisearch:v1\.21/);
  assert.match(result.stdout, /image: redis:7/);
  assert.match(result.stdout, /healthcheck:/);
});
