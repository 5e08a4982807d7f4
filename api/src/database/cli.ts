/**
 * Database tooling: `npm run migrate` (apply pending), `node dist/database/cli.js revert`
 * (undo the last) and `npm run migration:generate -- <Name>` (write a migration for the
 * difference between the entities and the database), and `npm run db:types` (regenerate the
 * Kysely row types in `schema.ts` from a scratch database migrated to the latest schema).
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { dataSourceOptions, runMigrations } from './data-source.js';

const migrationsSourceDir = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../src/database/migrations',
);

async function main(command: string | undefined, name: string | undefined): Promise<void> {
  const config = loadConfig();
  if (command === 'types') return writeSchemaTypes(config.databaseUrl);
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
  try {
    switch (command) {
      case 'migrate': {
        const applied = await runMigrations(dataSource);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        return;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'all' });
        console.log('Reverted the last migration.');
        return;
      case 'generate':
        await generate(dataSource, name);
        return;
      default:
        throw new ConfigError('Usage: cli.js migrate | revert | generate <Name> | types');
    }
  } finally {
    await dataSource.destroy();
  }
}

async function generate(dataSource: DataSource, name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name))
    throw new ConfigError('Give the migration a PascalCase name.');
  const sql = await dataSource.driver.createSchemaBuilder().log();
  // Foreign keys and CHECK constraints are written by hand in migrations, not modelled on entities.
  const handWritten = /CONSTRAINT "[a-z_]+_(fkey|check)"/;
  sql.upQueries = sql.upQueries.filter((query) => !handWritten.test(query.query));
  sql.downQueries = sql.downQueries.filter((query) => !handWritten.test(query.query));
  if (sql.upQueries.length === 0) {
    console.log('The database already matches the entities: nothing to generate.');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const line = (query: { query: string; parameters?: unknown[] }) =>
    `    await db.query(${JSON.stringify(query.query)}${query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : ''});`;
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
${sql.upQueries.map(line).join('\n')}
  }

  async down(db: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map(line).join('\n')}
  }
}
`;
  const file = resolve(migrationsSourceDir, `${timestamp}-${name}.ts`);
  await writeFile(file, source);
  console.log(
    `Wrote ${file}. Review it, then add ${className} to MIGRATIONS in src/database/data-source.ts.`,
  );
}

/** Migrates a scratch database on the same server to the latest schema and writes its row types. */
async function writeSchemaTypes(serverUrl: string): Promise<void> {
  const { generateSchemaTypes, SCHEMA_TYPES_FILE } = await import('./schema-types.js');
  const name = `briefroom_types_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = await new DataSource(dataSourceOptions(serverUrl)).initialize();
  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${name}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const scratch = await new DataSource(dataSourceOptions(scratchUrl.toString())).initialize();
    try {
      await runMigrations(scratch);
    } finally {
      await scratch.destroy();
    }
    const file = resolve(migrationsSourceDir, '../../..', SCHEMA_TYPES_FILE);
    await writeFile(file, await generateSchemaTypes(scratchUrl.toString()));
    console.log(`Wrote ${file}.`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.destroy();
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
