import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '../database/data-source.js';
import { appliedMigrations, publicTables } from './archive-export.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  EXCLUDED_TABLES,
  MIGRATION_SEEDED_TABLES,
  RESTORE_FILL,
  RESTORE_SET,
  isEndLine,
  isSectionLine,
  type ArchiveEnd,
  type ArchiveManifest,
} from './archive-format.js';

/** A restore that cannot go ahead; nothing was written. The message says what to do. */
export class RestoreError extends Error {}

/** Rows per INSERT, and the most text one statement carries. */
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;

export interface RestoreReport {
  schemaVersion: string;
  counts: Record<string, number>;
  /** Migrations applied after loading (the archive came from an older release). */
  upgradedWith: string[];
}

const migrationName = (migration: (typeof MIGRATIONS)[number]) => new migration().name;

/** Every migration this release knows, by name, in MIGRATIONS order. */
export function knownMigrations(): string[] {
  return MIGRATIONS.map(migrationName);
}

/**
 * Brings an empty database's schema to exactly the given migrations (the archive's release), so
 * rows load into the shape they were exported from; later migrations then carry them forward.
 */
export async function migrateTo(databaseUrl: string, names: string[]): Promise<string[]> {
  const wanted = new Set(names);
  const migrations = MIGRATIONS.filter((migration) => wanted.has(migrationName(migration)));
  const dataSource = await new DataSource({
    ...dataSourceOptions(databaseUrl),
    migrations,
  }).initialize();
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function lines(input: Readable): AsyncIterableIterator<string> {
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  return createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity })[
    Symbol.asyncIterator
  ]();
}

function parseManifest(line: string | undefined): ArchiveManifest {
  let manifest: Partial<ArchiveManifest>;
  try {
    manifest = JSON.parse(line ?? '') as Partial<ArchiveManifest>;
  } catch {
    throw new RestoreError('This is not a Briefroom export: its first line is no manifest.');
  }
  if (manifest.format !== ARCHIVE_FORMAT)
    throw new RestoreError('This is not a Briefroom export (no "briefroom-export" manifest).');
  if (manifest.formatVersion !== ARCHIVE_FORMAT_VERSION)
    throw new RestoreError(
      `The archive's format version ${String(manifest.formatVersion)} is not ${ARCHIVE_FORMAT_VERSION}: restore it with the Briefroom release that wrote it, or a later one.`,
    );
  if (!Array.isArray(manifest.migrations) || !Array.isArray(manifest.tables))
    throw new RestoreError('The archive manifest lists no migrations or tables.');
  const known = new Set(knownMigrations());
  const unknown = manifest.migrations.filter((name) => !known.has(name));
  if (unknown.length)
    throw new RestoreError(
      `The archive comes from a newer Briefroom (schema ${unknown.join(', ')} unknown here): upgrade this installation first.`,
    );
  return manifest as ArchiveManifest;
}

interface TableShape {
  columns: string[];
  serials: { column: string; sequence: string }[];
}

async function tableShape(client: pg.ClientBase, table: string): Promise<TableShape> {
  const { rows } = await client.query<{ name: string; sequence: string | null }>(
    `SELECT a.attname AS name,
            pg_get_serial_sequence($1, a.attname) AS sequence
       FROM pg_attribute a
       WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
       ORDER BY a.attnum`,
    [`public.${client.escapeIdentifier(table)}`],
  );
  return {
    columns: rows.map((row) => row.name),
    serials: rows
      .filter((row) => row.sequence)
      .map((row) => ({ column: row.name, sequence: row.sequence as string })),
  };
}

/**
 * Loads an archive into an EMPTY database at `databaseUrl`: a new database (restore creates the
 * schema) or one migrated but holding nothing. One transaction: on any failure (a truncated
 * archive, a row the schema refuses) nothing is written. Foreign keys are checked once, at the
 * end, so tables and rows load in any order (replies before parents, superseding decisions).
 */
export async function restoreArchive(
  databaseUrl: string,
  input: Readable,
  log: (line: string) => void = () => undefined,
): Promise<RestoreReport> {
  const reader = lines(input);
  const first = await reader.next();
  const manifest = parseManifest(first.done ? undefined : first.value);
  log(`archive of ${manifest.exportedAt}, schema ${manifest.schemaVersion}`);

  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'briefroom-restore',
  });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    const applied = await appliedMigrations(client);
    const archiveSet = new Set(manifest.migrations);
    const newer = applied.filter((name) => !archiveSet.has(name));
    if (newer.length)
      throw new RestoreError(
        `The database's schema is newer than the archive's (${newer.join(', ')}): restore into a new, empty database; restore creates the schema the archive needs and then migrates it.`,
      );
    if (applied.length < manifest.migrations.length) {
      const ran = await migrateTo(databaseUrl, manifest.migrations);
      if (ran.length) log(`schema built to ${manifest.schemaVersion} (${ran.length} migrations)`);
    }

    await client.query('BEGIN');
    const present = new Set(await publicTables(client));
    const missing = manifest.tables.filter((table) => !present.has(table));
    if (missing.length)
      throw new RestoreError(`The archive holds tables this schema lacks: ${missing.join(', ')}.`);
    await refuseUnlessEmpty(client, manifest.tables);
    // Foreign keys are checked at the end: rows then load in any order.
    const { rows: keys } = await client.query<{ tbl: string; name: string }>(
      `SELECT conrelid::regclass::text AS tbl, conname AS name FROM pg_constraint
         WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND NOT condeferrable`,
    );
    for (const key of keys)
      await client.query(
        `ALTER TABLE ${key.tbl} ALTER CONSTRAINT ${client.escapeIdentifier(key.name)} DEFERRABLE INITIALLY DEFERRED`,
      );
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    for (const table of MIGRATION_SEEDED_TABLES)
      if (manifest.tables.includes(table))
        await client.query(`DELETE FROM public.${client.escapeIdentifier(table)}`);

    let end: ArchiveEnd | undefined;
    let table: string | undefined;
    let shape: TableShape | undefined;
    let batch: string[] = [];
    let batchChars = 0;
    const flush = async () => {
      if (!batch.length || !table || !shape) return;
      await insertBatch(client, table, shape, batch);
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
      batchChars = 0;
    };
    for (;;) {
      const next = await reader.next();
      if (next.done) break;
      const line = next.value;
      if (!line) continue;
      if (isSectionLine(line)) {
        await flush();
        const name = (JSON.parse(line) as { '@table': string })['@table'];
        if (!manifest.tables.includes(name))
          throw new RestoreError(`The archive's section "${name}" is not in its manifest.`);
        table = name;
        shape = await tableShape(client, name);
        counts[name] = 0;
      } else if (isEndLine(line)) {
        await flush();
        end = JSON.parse(line) as ArchiveEnd;
        break;
      } else {
        if (!table) throw new RestoreError('The archive has rows before any table section.');
        batch.push(line);
        batchChars += line.length;
        if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
      }
    }
    if (!end)
      throw new RestoreError('The archive is truncated (no end marker): nothing was restored.');
    for (const name of manifest.tables)
      if ((counts[name] ?? 0) !== (end.counts[name] ?? 0))
        throw new RestoreError(
          `The archive is damaged: ${name} should hold ${end.counts[name] ?? 0} rows, it held ${counts[name] ?? 0}. Nothing was restored.`,
        );

    await client.query('SET CONSTRAINTS ALL IMMEDIATE');
    for (const key of keys)
      await client.query(
        `ALTER TABLE ${key.tbl} ALTER CONSTRAINT ${client.escapeIdentifier(key.name)} NOT DEFERRABLE`,
      );
    for (const name of manifest.tables) {
      for (const serial of (await tableShape(client, name)).serials)
        await client.query(
          `SELECT setval($1, COALESCE((SELECT max(${client.escapeIdentifier(serial.column)}) FROM public.${client.escapeIdentifier(name)}), 0) + 1, false)`,
          [serial.sequence],
        );
    }
    // The triggers queued every row for search: restore rebuilds the index in one pass instead.
    if (present.has('search_outbox')) await client.query('DELETE FROM search_outbox');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }

  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  let upgradedWith: string[];
  try {
    upgradedWith = await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  if (upgradedWith.length) log(`migrated to the current schema: ${upgradedWith.join(', ')}`);
  return { schemaVersion: manifest.schemaVersion, counts, upgradedWith };
}

async function refuseUnlessEmpty(client: pg.ClientBase, tables: string[]): Promise<void> {
  const held: string[] = [];
  for (const table of tables) {
    if (MIGRATION_SEEDED_TABLES.includes(table) || table in EXCLUDED_TABLES) continue;
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM public.${client.escapeIdentifier(table)} LIMIT 1000) t`,
    );
    const n = Number(rows[0].n);
    if (n > 0) held.push(`${table} (${n === 1000 ? '1000+' : n} rows)`);
  }
  if (held.length)
    throw new RestoreError(
      `The database is not empty: ${held.join(', ')}. Restore only loads into an empty instance; use a new database (restore creates the schema), and start the app after restoring.`,
    );
}

async function insertBatch(
  client: pg.ClientBase,
  table: string,
  shape: TableShape,
  rows: string[],
): Promise<void> {
  const fill = RESTORE_FILL[table] ?? {};
  const set = RESTORE_SET[table] ?? {};
  const columns = shape.columns.map((column) => client.escapeIdentifier(column));
  const values = shape.columns.map((column, i) =>
    set[column]
      ? set[column]
      : fill[column]
        ? `COALESCE(r.${columns[i]}, ${fill[column]})`
        : `r.${columns[i]}`,
  );
  const id = `public.${client.escapeIdentifier(table)}`;
  await client.query(
    `INSERT INTO ${id} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE
       SELECT ${values.join(', ')} FROM json_populate_recordset(NULL::${id}, $1::json) r`,
    [`[${rows.join(',')}]`],
  );
}
