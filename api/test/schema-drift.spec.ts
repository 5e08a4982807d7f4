import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../src/database/data-source.js';
import { generateSchemaTypes, SCHEMA_TYPES_FILE } from '../src/database/schema-types.js';
import { randomUUID } from './support/test-app.js';

/** A scratch database migrated to the latest schema, dropped afterwards. */
async function withMigratedDatabase(run: (url: string) => Promise<void>): Promise<void> {
  const server = process.env.TEST_DATABASE_URL as string;
  const name = `briefroom_drift_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    const dataSource = await new DataSource(dataSourceOptions(url.toString())).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describe('schema drift', () => {
  it('the committed Kysely row types are those of the migrated schema', async () => {
    await withMigratedDatabase(async (url) => {
      const committed = await readFile(join(__dirname, '..', SCHEMA_TYPES_FILE), 'utf8');
      const generated = await generateSchemaTypes(url);
      expect({
        upToDate: generated === committed,
        fix: 'run `npm run build -w api && DATABASE_URL=… npm run db:types -w api` and commit src/database/schema.ts',
      }).toEqual(expect.objectContaining({ upToDate: true }));
    });
  });

  it('the TypeORM entities describe exactly what the migrations create', async () => {
    await withMigratedDatabase(async (url) => {
      const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
      try {
        const pending = await dataSource.driver.createSchemaBuilder().log();
        // Foreign keys and CHECK constraints are written by hand in migrations, not modelled on entities.
        const handWritten = /CONSTRAINT "[a-z_]+_(fkey|check)"/;
        const drift = pending.upQueries
          .map((query) => query.query)
          .filter((query) => !handWritten.test(query));
        expect(drift).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    });
  });
});
