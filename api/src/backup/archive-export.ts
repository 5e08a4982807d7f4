import { Readable, pipeline, type Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  BOOKKEEPING_TABLES,
  EXCLUDED_TABLES,
  SCRUBBED_COLUMNS,
  type ArchiveEnd,
  type ArchiveManifest,
} from './archive-format.js';

/** Rows fetched per round trip from the export cursor. */
const FETCH_ROWS = 1000;

/** Tables of the public schema, alphabetical (restore defers foreign keys, so order is free). */
export async function publicTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

export async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass('public.migrations') AS t`);
  if (!(exists.rows[0] as { t: string | null }).t) return [];
  const { rows } = await client.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id`);
  return rows.map((row) => row.name);
}

export async function exportedTables(client: pg.ClientBase): Promise<string[]> {
  return (await publicTables(client)).filter(
    (table) => !BOOKKEEPING_TABLES.includes(table) && !(table in EXCLUDED_TABLES),
  );
}

async function primaryKey(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary
       ORDER BY array_position(i.indkey, a.attnum)`,
    [`public.${client.escapeIdentifier(table)}`],
  );
  return rows.map((row) => row.name);
}

/**
 * The archive's lines, read from one REPEATABLE READ snapshot: what it holds is the database at
 * one instant, however long the export streams while the app keeps writing. The client is the
 * caller's to release (after the generator finishes or is returned).
 */
export async function* archiveLines(client: pg.ClientBase): AsyncGenerator<string> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let open = true;
  try {
    const migrations = await appliedMigrations(client);
    if (migrations.length === 0) throw new Error('The database has no schema: nothing to export.');
    const tables = await exportedTables(client);
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      migrations,
      schemaVersion: migrations[migrations.length - 1],
      tables,
      excludedTables: EXCLUDED_TABLES,
      scrubbedColumns: SCRUBBED_COLUMNS,
    };
    yield JSON.stringify(manifest) + '\n';
    const counts: Record<string, number> = {};
    for (const table of tables) {
      yield JSON.stringify({ '@table': table }) + '\n';
      const id = client.escapeIdentifier(table);
      const scrubbed = SCRUBBED_COLUMNS[table] ?? [];
      const drop = scrubbed.length
        ? ` - ${client.escapeLiteral(`{${scrubbed.join(',')}}`)}::text[]`
        : '';
      const key = await primaryKey(client, table);
      const order = key.length
        ? ` ORDER BY ${key.map((c) => client.escapeIdentifier(c)).join(', ')}`
        : '';
      await client.query(
        `DECLARE briefroom_export NO SCROLL CURSOR FOR SELECT (to_jsonb(t)${drop})::text AS line FROM public.${id} t${order}`,
      );
      let count = 0;
      for (;;) {
        const { rows } = await client.query<{ line: string }>(
          `FETCH ${FETCH_ROWS} FROM briefroom_export`,
        );
        if (rows.length === 0) break;
        count += rows.length;
        yield rows.map((row) => row.line).join('\n') + '\n';
      }
      await client.query('CLOSE briefroom_export');
      counts[table] = count;
    }
    const end: ArchiveEnd = { '@end': true, counts };
    yield JSON.stringify(end) + '\n';
    await client.query('COMMIT');
    open = false;
  } finally {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
  }
}

/**
 * The gzipped archive as a stream. `release` runs once the stream ends, fails or is abandoned
 * (a download cut short): the database client goes back either way.
 */
export function archiveStream(client: pg.ClientBase, release: (error?: Error) => void): Readable {
  const gzip = createGzip();
  pipeline(Readable.from(archiveLines(client)), gzip as Writable, (error) =>
    release(error ?? undefined),
  );
  return gzip;
}
