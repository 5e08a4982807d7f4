import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';

/** The readiness probe's one query. */
@Injectable()
export class HealthRepository {
  constructor(private readonly db: Database) {}

  /** Resolves when PostgreSQL answers a query on the app's pool; rejects when it cannot. */
  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }
}
