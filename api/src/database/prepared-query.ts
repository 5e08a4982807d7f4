import type { DataSource } from 'typeorm';

/**
 * Runs `text` as a named prepared statement on TypeORM's pg pool: PostgreSQL parses and plans it
 * once per connection instead of on every call. For hot statements whose planning costs more
 * than running them; `name` must always go with the same text.
 */
export async function preparedQuery<T>(
  db: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (
    db.driver as unknown as {
      master: {
        query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
      };
    }
  ).master;
  return (await pool.query({ name, text, values })).rows;
}
