import { Injectable } from '@nestjs/common';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { visibleBriefing, visibleFollowUp, type Reader } from '../access/visibility.js';
import { Database, type DB } from '../database/database.js';
import { LINK_TYPES, type LinkDto, type LinkType, type ResolvedLink } from './follow-up-links.js';

interface TargetRow {
  id: string;
  title: string;
  url: string;
}

/** Each link type: its visible targets among `ids`, with their titles (the briefing decides who may see them). */
const TARGETS: Record<LinkType, (ids: string[], reader: Reader) => RawBuilder<TargetRow>> = {
  briefing: (ids, reader) =>
    sql`SELECT b.id, b.title, '/briefings/' || b.slug AS url FROM briefing b
         WHERE b.id = ANY(${ids}::uuid[]) AND ${visibleBriefing('b', reader.id, reader.admin)}`,
  item: (ids, reader) =>
    sql`SELECT i.id, i.title, '/briefings/' || b.slug || '#item-' || i.id AS url FROM item i JOIN briefing b ON b.id = i.briefing_id
         WHERE i.id = ANY(${ids}::uuid[]) AND ${visibleBriefing('b', reader.id, reader.admin)}`,
  discussion: (ids, reader) =>
    sql`SELECT t.id, t.title, '/threads/' || t.id AS url FROM thread t JOIN briefing b ON b.id = t.briefing_id
         WHERE t.id = ANY(${ids}::uuid[]) AND ${visibleBriefing('b', reader.id, reader.admin)}`,
  comment: (ids, reader) =>
    sql`SELECT c.id, left(c.body, 120) AS title, '/threads/' || t.id || '#comment-' || c.id AS url
          FROM comment c JOIN thread t ON t.id = c.thread_id JOIN briefing b ON b.id = t.briefing_id
         WHERE c.id = ANY(${ids}::uuid[]) AND c.deleted_at IS NULL AND ${visibleBriefing('b', reader.id, reader.admin)}`,
  decision: (ids, reader) =>
    sql`SELECT d.id, d.title, '/decisions/' || d.id AS url FROM decision d
         WHERE d.id = ANY(${ids}::uuid[]) AND ${visibleFollowUp('d', 'decision', reader.id, reader.admin)}`,
  action: (ids, reader) =>
    sql`SELECT a.id, a.title, '/actions/' || a.id AS url FROM action_item a
         WHERE a.id = ANY(${ids}::uuid[]) AND ${visibleFollowUp('a', 'action', reader.id, reader.admin)}`,
};

/** The typed link table shared by action items and decisions; links show on both ends. */
@Injectable()
export class FollowUpLinks {
  constructor(private readonly db: Database) {}

  /** The links whose target does not exist or is not visible to the reader (a 400 for the caller). */
  async unresolvable(reader: Reader, links: LinkDto[]): Promise<LinkDto[]> {
    const missing: LinkDto[] = [];
    for (const type of LINK_TYPES) {
      const ids = links.filter((link) => link.type === type).map((link) => link.id);
      if (!ids.length) continue;
      const { rows } = await TARGETS[type](ids, reader).execute(this.db);
      const present = new Set(rows.map((row) => row.id));
      missing.push(...ids.filter((id) => !present.has(id)).map((id) => ({ type, id })));
    }
    return missing;
  }

  async add(
    trx: Kysely<DB>,
    ownerType: 'action' | 'decision',
    ownerId: string,
    links: LinkDto[],
  ): Promise<void> {
    if (!links.length) return;
    // The target's briefing is stored with the link: items, threads and comments never move briefing.
    await sql`
      INSERT INTO follow_up_link (owner_type, owner_id, target_type, target_id, briefing_id)
      SELECT ${ownerType}, ${ownerId}, l.type, l.id, CASE l.type
          WHEN 'briefing' THEN l.id
          WHEN 'item' THEN (SELECT i.briefing_id FROM item i WHERE i.id = l.id)
          WHEN 'discussion' THEN (SELECT t.briefing_id FROM thread t WHERE t.id = l.id)
          WHEN 'comment' THEN (SELECT t.briefing_id FROM comment c JOIN thread t ON t.id = c.thread_id WHERE c.id = l.id)
        END
        FROM unnest(${links.map((link) => link.type)}::text[], ${links.map((link) => link.id)}::uuid[]) AS l(type, id)
      ON CONFLICT DO NOTHING`.execute(trx);
  }

  /** Links of an owner that the reader may see, with their targets' titles. */
  async of(
    reader: Reader,
    ownerType: 'action' | 'decision',
    ownerId: string,
  ): Promise<ResolvedLink[]> {
    const rows = await this.db
      .selectFrom('follow_up_link')
      .select(['target_type', 'target_id'])
      .where('owner_type', '=', ownerType)
      .where('owner_id', '=', ownerId)
      .orderBy('created_at')
      .execute();
    const resolved: ResolvedLink[] = [];
    for (const type of LINK_TYPES) {
      const ids = rows.filter((row) => row.target_type === type).map((row) => row.target_id);
      if (!ids.length) continue;
      const found = await TARGETS[type](ids, reader).execute(this.db);
      resolved.push(
        ...found.rows.map((row) => ({ type, id: row.id, title: row.title, url: row.url })),
      );
    }
    return resolved;
  }

  /**
   * The threads that hear about a status change: linked directly, through a linked comment, or as
   * a linked item's discussion, and a decision's own thread. `titleVisible` is false when the
   * subject is also tied to another restricted briefing, whose title this thread's readers may
   * not see.
   */
  async threadsOf(
    trx: Kysely<DB>,
    ownerType: 'action' | 'decision',
    ownerId: string,
  ): Promise<Array<{ threadId: string; titleVisible: boolean }>> {
    const { rows } = await sql<{ threadId: string; titleVisible: boolean }>`
      WITH threads AS (
        SELECT t.id, t.briefing_id FROM follow_up_link l JOIN thread t
            ON (l.target_type = 'discussion' AND t.id = l.target_id)
            OR (l.target_type = 'comment' AND t.id = (SELECT c.thread_id FROM comment c WHERE c.id = l.target_id))
            OR (l.target_type = 'item' AND t.item_id = l.target_id)
         WHERE l.owner_type = ${ownerType} AND l.owner_id = ${ownerId}
        UNION
        SELECT t.id, t.briefing_id FROM decision d JOIN thread t ON t.id = d.thread_id WHERE ${ownerType} = 'decision' AND d.id = ${ownerId}
      )
      SELECT th.id AS "threadId",
             NOT EXISTS (SELECT 1 FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
                          WHERE vl.owner_type = ${ownerType} AND vl.owner_id = ${ownerId} AND vb.visibility <> 'team' AND vb.id <> th.briefing_id)
             AND NOT EXISTS (SELECT 1 FROM decision d JOIN thread dt ON dt.id = d.thread_id JOIN briefing vb ON vb.id = dt.briefing_id
                          WHERE ${ownerType} = 'decision' AND d.id = ${ownerId} AND vb.visibility <> 'team' AND vb.id <> th.briefing_id) AS "titleVisible"
        FROM threads th ORDER BY th.id`.execute(trx);
    return rows;
  }
}
