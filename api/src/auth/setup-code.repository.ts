import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

/** The only door to `setup_code`. */
@Injectable()
export class SetupCodeRepository {
  constructor(private readonly db: Database) {}

  /** True when this process stored the hash; false when it was already there (restart with SETUP_CODE). */
  async add(codeHash: string): Promise<boolean> {
    const inserted = await this.db
      .insertInto('setup_code')
      .values({ code_hash: codeHash })
      .onConflict((conflict) => conflict.column('code_hash').doNothing())
      .returning('code_hash')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async exists(codeHash: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('setup_code')
      .select('code_hash')
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return row !== undefined;
  }

  async clear(): Promise<void> {
    await this.db.deleteFrom('setup_code').execute();
  }
}
