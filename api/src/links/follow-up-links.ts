import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import { visibleBriefingSql, visibleFollowUpSql, type Reader } from '../access/visibility.js';

export const LINK_TYPES = [
  'briefing',
  'item',
  'discussion',
  'comment',
  'decision',
  'action',
] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export class LinkDto {
  @ApiProperty({
    enum: LINK_TYPES,
    enumName: 'LinkType',
    description: '`discussion` is a thread id.',
  })
  @IsIn(LINK_TYPES)
  type: LinkType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export interface ResolvedLink {
  type: LinkType;
  id: string;
  title: string;
  /** Where the target lives in the web app (items and comments land on their anchor). */
  url: string;
}

/** Each link type: how to find its target's title, and the briefing that decides who may see it ($2, $3: the reader). */
const TARGETS: Record<LinkType, string> = {
  briefing: `SELECT b.id, b.title, '/briefings/' || b.slug AS url FROM briefing b WHERE b.id = ANY($1::uuid[]) AND ${visibleBriefingSql('b', '$2', '$3')}`,
  item: `SELECT i.id, i.title, '/briefings/' || b.slug || '#item-' || i.id AS url FROM item i JOIN briefing b ON b.id = i.briefing_id WHERE i.id = ANY($1::uuid[]) AND ${visibleBriefingSql('b', '$2', '$3')}`,
  discussion: `SELECT t.id, t.title, '/threads/' || t.id AS url FROM thread t JOIN briefing b ON b.id = t.briefing_id WHERE t.id = ANY($1::uuid[]) AND ${visibleBriefingSql('b', '$2', '$3')}`,
  comment: `SELECT c.id, left(c.body, 120) AS title, '/threads/' || t.id || '#comment-' || c.id AS url FROM comment c JOIN thread t ON t.id = c.thread_id JOIN briefing b ON b.id = t.briefing_id
             WHERE c.id = ANY($1::uuid[]) AND c.deleted_at IS NULL AND ${visibleBriefingSql('b', '$2', '$3')}`,
  decision: `SELECT d.id, d.title, '/decisions/' || d.id AS url FROM decision d WHERE d.id = ANY($1::uuid[]) AND ${visibleFollowUpSql('d', 'decision', '$2', '$3')}`,
  action: `SELECT a.id, a.title, '/actions/' || a.id AS url FROM action_item a WHERE a.id = ANY($1::uuid[]) AND ${visibleFollowUpSql('a', 'action', '$2', '$3')}`,
};

/** The typed link table shared by action items and decisions; links show on both ends. */
@Injectable()
export class FollowUpLinks {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The links whose target does not exist or is not visible to the reader (a 400 for the caller). */
  async unresolvable(reader: Reader, links: LinkDto[]): Promise<LinkDto[]> {
    const missing: LinkDto[] = [];
    for (const type of LINK_TYPES) {
      const ids = links.filter((link) => link.type === type).map((link) => link.id);
      if (!ids.length) continue;
      const found: Array<{ id: string }> = await this.db.query(TARGETS[type], [
        ids,
        reader.id,
        reader.admin,
      ]);
      const present = new Set(found.map((row) => row.id));
      missing.push(...ids.filter((id) => !present.has(id)).map((id) => ({ type, id })));
    }
    return missing;
  }

  async add(
    tx: EntityManager,
    ownerType: 'action' | 'decision',
    ownerId: string,
    links: LinkDto[],
  ): Promise<void> {
    if (!links.length) return;
    // The target's briefing is stored with the link: items, threads and comments never move briefing.
    await tx.query(
      `INSERT INTO follow_up_link (owner_type, owner_id, target_type, target_id, briefing_id)
       SELECT $1, $2, l.type, l.id, CASE l.type
           WHEN 'briefing' THEN l.id
           WHEN 'item' THEN (SELECT i.briefing_id FROM item i WHERE i.id = l.id)
           WHEN 'discussion' THEN (SELECT t.briefing_id FROM thread t WHERE t.id = l.id)
           WHEN 'comment' THEN (SELECT t.briefing_id FROM comment c JOIN thread t ON t.id = c.thread_id WHERE c.id = l.id)
         END
         FROM unnest($3::text[], $4::uuid[]) AS l(type, id) ON CONFLICT DO NOTHING`,
      [ownerType, ownerId, links.map((link) => link.type), links.map((link) => link.id)],
    );
  }

  /** Links of an owner that the reader may see, with their targets' titles. */
  async of(
    reader: Reader,
    ownerType: 'action' | 'decision',
    ownerId: string,
  ): Promise<ResolvedLink[]> {
    const rows: Array<{ target_type: LinkType; target_id: string }> = await this.db.query(
      `SELECT target_type, target_id FROM follow_up_link WHERE owner_type = $1 AND owner_id = $2 ORDER BY created_at`,
      [ownerType, ownerId],
    );
    const resolved: ResolvedLink[] = [];
    for (const type of LINK_TYPES) {
      const ids = rows.filter((row) => row.target_type === type).map((row) => row.target_id);
      if (!ids.length) continue;
      const found: Array<{ id: string; title: string; url: string }> = await this.db.query(
        TARGETS[type],
        [ids, reader.id, reader.admin],
      );
      resolved.push(...found.map((row) => ({ type, id: row.id, title: row.title, url: row.url })));
    }
    return resolved;
  }

  /**
   * The threads that hear about a status change: linked directly, through a linked comment, or as
   * a linked item's discussion, and a decision's own thread. `titleVisible` is false when the
   * subject is also tied to another restricted briefing, whose title this thread's readers may
   * not see.
   */
  threadsOf(
    tx: EntityManager,
    ownerType: 'action' | 'decision',
    ownerId: string,
  ): Promise<Array<{ threadId: string; titleVisible: boolean }>> {
    return tx.query(
      `WITH threads AS (
         SELECT t.id, t.briefing_id FROM follow_up_link l JOIN thread t
             ON (l.target_type = 'discussion' AND t.id = l.target_id)
             OR (l.target_type = 'comment' AND t.id = (SELECT c.thread_id FROM comment c WHERE c.id = l.target_id))
             OR (l.target_type = 'item' AND t.item_id = l.target_id)
          WHERE l.owner_type = $1 AND l.owner_id = $2
         UNION
         SELECT t.id, t.briefing_id FROM decision d JOIN thread t ON t.id = d.thread_id WHERE $1 = 'decision' AND d.id = $2
       )
       SELECT th.id AS "threadId",
              NOT EXISTS (SELECT 1 FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
                           WHERE vl.owner_type = $1 AND vl.owner_id = $2 AND vb.visibility <> 'team' AND vb.id <> th.briefing_id)
              AND NOT EXISTS (SELECT 1 FROM decision d JOIN thread dt ON dt.id = d.thread_id JOIN briefing vb ON vb.id = dt.briefing_id
                           WHERE $1 = 'decision' AND d.id = $2 AND vb.visibility <> 'team' AND vb.id <> th.briefing_id) AS "titleVisible"
         FROM threads th ORDER BY th.id`,
      [ownerType, ownerId],
    );
  }
}
