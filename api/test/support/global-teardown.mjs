import pg from 'pg';

/** Drops this run's test databases a worker had not dropped yet, then stops embedded services. */
export default async function globalTeardown() {
  const runId = process.env.TEST_RUN_ID;
  if (runId && process.env.TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `briefroom_test_${runId}_%`,
      ]);
      for (const { datname } of rows)
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  for (const service of (globalThis.__briefroomServices ?? []).reverse()) await service.stop();
}
