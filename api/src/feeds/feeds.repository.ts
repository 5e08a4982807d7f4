import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '../database/database.js';

export interface FeedRow {
  id: string;
  url: string;
  title: string | null;
  series: string | null;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  nextPollAt: Date;
  failures: number;
  paused: boolean;
  createdAt: Date;
  /** Entries that became briefings. */
  entriesImported: number;
}

export interface FeedSuccess {
  polledAt: Date;
  nextPollAt: Date;
  etag: string | null;
  lastModified: string | null;
  title: string | null;
  /** Entries skipped this poll, said in a sentence; null when none were. */
  note: string | null;
}

export interface FeedFailure {
  polledAt: Date;
  nextPollAt: Date;
  failures: number;
  error: string;
}

/** The only door to the feed subscription tables. */
@Injectable()
export class FeedsRepository {
  constructor(private readonly db: Database) {}

  private selectFeeds() {
    return this.db.selectFrom('feed_subscription as f').select((eb) => [
      'f.id',
      'f.url',
      'f.title',
      'f.series',
      'f.etag',
      'f.last_modified as lastModified',
      'f.last_polled_at as lastPolledAt',
      'f.last_success_at as lastSuccessAt',
      'f.last_error as lastError',
      'f.next_poll_at as nextPollAt',
      'f.failures',
      'f.paused',
      'f.created_at as createdAt',
      eb
        .selectFrom('feed_entry_seen as s')
        .select(sql<number>`count(*)::int`.as('count'))
        .whereRef('s.feed_id', '=', 'f.id')
        .where('s.briefing_id', 'is not', null)
        .$asScalar()
        .$notNull()
        .as('entriesImported'),
    ]);
  }

  list(): Promise<FeedRow[]> {
    return this.selectFeeds().orderBy('f.created_at').orderBy('f.id').execute();
  }

  find(id: string): Promise<FeedRow | undefined> {
    return this.selectFeeds().where('f.id', '=', id).executeTakeFirst();
  }

  /** Feeds not paused whose next poll is at or before `until`, the longest-waiting first. */
  due(until: Date, limit: number): Promise<FeedRow[]> {
    return this.selectFeeds()
      .where('f.paused', '=', false)
      .where('f.next_poll_at', '<=', until)
      .orderBy('f.next_poll_at')
      .limit(limit)
      .execute();
  }

  /** The new subscription's id, or undefined when the URL is subscribed already. */
  async create(input: {
    url: string;
    series: string | null;
    createdBy: string | null;
  }): Promise<string | undefined> {
    const row = await this.db
      .insertInto('feed_subscription')
      .values({ url: input.url, series: input.series, created_by: input.createdBy })
      .onConflict((conflict) => conflict.column('url').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  async update(
    id: string,
    changes: { series?: string | null; paused?: boolean; nextPollAt?: Date },
  ): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('feed_subscription')
      .set({
        series: changes.series,
        paused: changes.paused,
        next_poll_at: changes.nextPollAt,
      })
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  async delete(id: string): Promise<boolean> {
    const { numDeletedRows } = await this.db
      .deleteFrom('feed_subscription')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return numDeletedRows > 0n;
  }

  /** Which of `guids` this feed has handled before. */
  async seen(feedId: string, guids: string[]): Promise<Set<string>> {
    if (guids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('feed_entry_seen')
      .select('guid')
      .where('feed_id', '=', feedId)
      .where('guid', 'in', guids)
      .execute();
    return new Set(rows.map((row) => row.guid));
  }

  /** Records an entry as handled (a second record of the same entry, by a concurrent poll, is a no-op). */
  async markSeen(
    feedId: string,
    guid: string,
    outcome: { briefingId: string | null; error: string | null },
  ): Promise<void> {
    await this.db
      .insertInto('feed_entry_seen')
      .values({ feed_id: feedId, guid, briefing_id: outcome.briefingId, error: outcome.error })
      .onConflict((conflict) => conflict.columns(['feed_id', 'guid']).doNothing())
      .execute();
  }

  async recordSuccess(id: string, success: FeedSuccess): Promise<void> {
    await this.db
      .updateTable('feed_subscription')
      .set({
        last_polled_at: success.polledAt,
        last_success_at: success.polledAt,
        next_poll_at: success.nextPollAt,
        etag: success.etag,
        last_modified: success.lastModified,
        title: success.title,
        last_error: success.note,
        failures: 0,
      })
      .where('id', '=', id)
      .execute();
  }

  async recordFailure(id: string, failure: FeedFailure): Promise<void> {
    await this.db
      .updateTable('feed_subscription')
      .set({
        last_polled_at: failure.polledAt,
        next_poll_at: failure.nextPollAt,
        last_error: failure.error,
        failures: failure.failures,
      })
      .where('id', '=', id)
      .execute();
  }
}
