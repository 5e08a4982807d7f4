import type pg from 'pg';

/**
 * Runs `text` as a named prepared statement on the app's pg pool (`Database.pool`): PostgreSQL
 * parses and plans it once per connection instead of on every call. For hot statements whose
 * planning costs more than running them; `name` must always go with the same text, and the
 * caller names the row type its statement returns.
 */
export async function preparedQuery<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  return (await pool.query<Row>({ name, text, values })).rows;
}
