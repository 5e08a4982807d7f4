import { Logger } from '@nestjs/common';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

/** pg returns `date` columns as the calendar day PostgreSQL stored (YYYY-MM-DD), never a local-time Date. */
const PG_DATE_OID = 1082;

/** The connection settings every pool of the app shares: a database that never answers must not hold requests for ever. */
export const POOL_DEFAULTS = {
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 5_000,
  application_name: 'briefroom',
} as const;

export function createPool(databaseUrl: string, max: number): pg.Pool {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
      oid === PG_DATE_OID && format !== 'binary'
        ? (value: string) => value
        : (pg.types.getTypeParser(oid, format ?? 'text') as (
            value: string,
          ) => unknown)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: databaseUrl, max, types, ...POOL_DEFAULTS });
  keepConnectionLossesQuiet(pool, 'Database');
  return pool;
}

/**
 * A connection PostgreSQL dropped (restart, pg_terminate_backend) emits 'error': on the pool when
 * idle, on the client itself when checked out between statements (a transaction waiting on the
 * search engine). pg then discards it and the next query connects anew; unheard, either event
 * would end the process.
 */
export function keepConnectionLossesQuiet(pool: pg.Pool, name: string): void {
  const logger = new Logger(name);
  const lost = (error: Error) => logger.warn(`A PostgreSQL connection failed: ${error.message}`);
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
}

/**
 * The typed door to PostgreSQL: Kysely on the app's pg pool, with row types generated from the
 * migrated schema (`schema.ts`, `npm run db:types -w api`). TypeORM keeps the migrations.
 */
export class Database extends Kysely<DB> {
  constructor(readonly pool: pg.Pool) {
    super({ dialect: new PostgresDialect({ pool }) });
  }
}

export type { DB } from './schema.js';
