/**
 * `npm run reindex`: rebuilds every search index from PostgreSQL (DATABASE_URL) into Meilisearch
 * (MEILI_URL) aside and swaps them in; the running app keeps answering searches throughout.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { SearchReindexer } from './search-reindexer.js';

async function main(): Promise<void> {
  const config = {
    ...loadConfig({
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      RUN_MIGRATIONS: 'false',
      SEED_SAMPLE_BRIEFING: 'false',
    }),
    // the running app indexes, alerts and reminds; this process only rebuilds
    backgroundJobs: false,
  };
  if (!config.meili) throw new ConfigError('MEILI_URL is not set: reindex needs a Meilisearch.');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    const report = await app.get(SearchReindexer).reindexAll((line) => console.log(line));
    const total = Object.values(report.documents).reduce((a, b) => a + b, 0);
    console.log(
      `reindexed ${total} documents in ${report.seconds.toFixed(1)} s (computing vectors: ${report.embeddingSeconds.toFixed(1)} s)`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
