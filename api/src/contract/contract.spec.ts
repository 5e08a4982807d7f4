import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateContract } from './contract-files.js';

const repoRoot = join(__dirname, '../../..');

describe('the committed API contract', () => {
  let generated: Record<string, string>;
  // Reading every module and running openapi-typescript takes seconds on a busy machine.
  beforeAll(async () => {
    generated = await generateContract();
  }, 120_000);

  it('matches what the API code generates (openapi.json, schema.d.ts, enums.ts)', async () => {
    for (const [path, content] of Object.entries(generated)) {
      const committed = await readFile(join(repoRoot, path), 'utf8').catch(() => '');
      if (committed !== content) {
        throw new Error(
          `${path} is out of date with the API's routes and DTOs: run \`npm run contract\` and commit.`,
        );
      }
    }
    expect(Object.keys(generated)).toHaveLength(3);
  });

  // A redirect (302, the single sign-on hops) is the route's answer: it has a Location, not a body.
  it('declares a success response with a schema (or a redirect) on every route', () => {
    const document = JSON.parse(generated['web/src/lib/api/openapi.json']) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    const undeclared = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) =>
          Object.entries(operation.responses).every(
            ([status, response]) =>
              (!status.startsWith('2') && status !== '302') ||
              (status.startsWith('2') && status !== '204' && !response.content),
          ),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undeclared).toEqual([]);
  });
});
