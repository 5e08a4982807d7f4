import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { visibleBriefing, visibleFollowUp, type Reader } from '../access/visibility.js';
import { Database } from '../database/database.js';
import type { Role } from '../users/user.entity.js';

export type OutsideFeedKind = 'series' | 'decisions';

export interface OutsideFeedRow {
  id: string;
  kind: OutsideFeedKind;
  series: string;
  createdAt: Date;
}

/** How many entries a feed carries: the newest, as feed readers poll. */
export const FEED_ENTRIES = 50;

@Injectable()
export class OutsideFeedsRepository {
  constructor(private readonly db: Database) {}

  /** Makes or replaces (revoking the old address) the user's feed of this kind and series. */
  async upsert(input: {
    userId: string;
    kind: OutsideFeedKind;
    series: string;
    tokenHash: string;
    roleCeiling: Role | null;
  }): Promise<OutsideFeedRow> {
    return (await this.db
      .insertInto('outside_feed')
      .values({
        user_id: input.userId,
        kind: input.kind,
        series: input.series,
        token_hash: input.tokenHash,
        role_ceiling: input.roleCeiling,
      })
      .onConflict((conflict) =>
        conflict.columns(['user_id', 'kind', 'series']).doUpdateSet({
          token_hash: (eb) => eb.ref('excluded.token_hash'),
          role_ceiling: (eb) => eb.ref('excluded.role_ceiling'),
          created_at: sql`now()`,
        }),
      )
      .returning(['id', 'kind', 'series', 'created_at as createdAt'])
      .executeTakeFirstOrThrow()) as OutsideFeedRow;
  }

  list(userId: string): Promise<OutsideFeedRow[]> {
    return this.db
      .selectFrom('outside_feed')
      .select(['id', 'kind', 'series', 'created_at as createdAt'])
      .where('user_id', '=', userId)
      .orderBy('kind')
      .orderBy('series')
      .execute() as Promise<OutsideFeedRow[]>;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('outside_feed')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async seriesExists(series: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('briefing')
      .select('id')
      .where('series', '=', series)
      .limit(1)
      .executeTakeFirst());
  }

  /** The feed a token opens, read as its active owner with no more than the creating credential's role. */
  async byToken(
    tokenHash: string,
  ): Promise<{ reader: Reader; kind: OutsideFeedKind; series: string } | undefined> {
    const row = await this.db
      .selectFrom('outside_feed as f')
      .innerJoin('app_user as u', 'u.id', 'f.user_id')
      .select([
        'f.user_id as id',
        'f.kind',
        'f.series',
        sql<boolean>`u.role = 'admin' AND COALESCE(f.role_ceiling, 'admin') = 'admin'`.as('admin'),
      ])
      .where('f.token_hash', '=', tokenHash)
      .where('u.active', '=', true)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      reader: { id: row.id, admin: row.admin },
      kind: row.kind as OutsideFeedKind,
      series: row.series,
    };
  }

  seriesBriefings(reader: Reader, series: string) {
    return this.db
      .selectFrom('briefing as b')
      .select([
        'b.id',
        'b.slug',
        'b.title',
        'b.summary',
        'b.author',
        'b.published_on as publishedOn',
        'b.updated_at as updatedAt',
      ])
      .where('b.series', '=', series)
      .where(visibleBriefing('b', reader.id, reader.admin))
      .orderBy('b.published_on', 'desc')
      .orderBy('b.id', 'desc')
      .limit(FEED_ENTRIES)
      .execute();
  }

  decisions(reader: Reader) {
    return this.db
      .selectFrom('decision as d')
      .leftJoin('app_user as u', (join) =>
        join.on(sql<boolean>`u.id = COALESCE(d.decided_by, d.created_by)`),
      )
      .select([
        'd.id',
        'd.title',
        'd.statement',
        'd.rationale',
        'd.status',
        'd.updated_at as updatedAt',
        'u.display_name as by',
      ])
      .where(visibleFollowUp('d', 'decision', reader.id, reader.admin))
      .orderBy('d.updated_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(FEED_ENTRIES)
      .execute();
  }
}
