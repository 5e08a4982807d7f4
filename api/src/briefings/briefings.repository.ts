import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { readerOf, visibleBriefingSql, type Reader } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { ParsedBriefing } from './parsing/index.js';
import { planReimport, type StoredStructure } from './reimport-plan.js';
import type { SourceFormatColumn, Visibility } from './briefing.entity.js';
import { AdvisoryLock } from '../database/advisory-locks.js';

export interface BriefingRow {
  id: string;
  slug: string;
  title: string;
  series: string | null;
  publishedOn: string;
  author: string | null;
  readingMinutes: number | null;
  summary: string | null;
  visibility: Visibility;
  sourceFormat: SourceFormatColumn;
  createdAt: Date;
  updatedAt: Date;
  tags: string[];
  groups: Array<{ id: string; name: string }>;
  readAt: Date | null;
}

export interface SummaryRow extends Omit<
  BriefingRow,
  'groups' | 'readAt' | 'sourceFormat' | 'createdAt' | 'updatedAt'
> {
  promptCount: number;
  commentCount: number;
  unread: boolean;
}

export interface StructureRows {
  sections: Array<{
    id: string;
    position: number;
    heading: string;
    kind: 'items' | 'takeaway' | 'related';
    body: string | null;
  }>;
  items: Array<{
    id: string;
    sectionId: string;
    position: number;
    title: string;
    body: string | null;
    url: string | null;
    threadId: string | null;
  }>;
  prompts: Array<{
    id: string;
    sectionId: string;
    prompt: string;
    threadId: string | null;
    commentCount: number;
    state: string | null;
  }>;
}

export interface ImportInput {
  parsed: ParsedBriefing;
  titleKey: string;
  sourceFormat: SourceFormatColumn;
  sourceText: string;
  contentHash: string;
  visibility: Visibility;
  groupIds: string[];
  createdBy: string | null;
}

export interface ImportOutcome {
  id: string;
  created: boolean;
  changed: boolean;
}

const BRIEFING_COLUMNS = `b.id, b.slug, b.title, b.series, to_char(b.published_on, 'YYYY-MM-DD') AS "publishedOn", b.author,
  b.reading_minutes AS "readingMinutes", b.summary, b.visibility`;

const TAGS = `COALESCE((SELECT array_agg(t.name ORDER BY t.name) FROM briefing_tag bt JOIN tag t ON t.id = bt.tag_id WHERE bt.briefing_id = b.id), '{}') AS tags`;

@Injectable()
export class BriefingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Resolves an id or slug to a briefing the user may read. */
  findVisible(auth: AuthContext, idOrSlug: string): Promise<BriefingRow | undefined> {
    return this.findReadable(readerOf(auth), idOrSlug);
  }

  /** As findVisible, for a reader; null is the operator (CLI, first start), who reads everything. */
  async findReadable(reader: Reader | null, idOrSlug: string): Promise<BriefingRow | undefined> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
    const rows: BriefingRow[] = await this.db.query(
      `SELECT ${BRIEFING_COLUMNS}, b.source_format AS "sourceFormat", b.created_at AS "createdAt", b.updated_at AS "updatedAt", ${TAGS},
              COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name)
                          FROM briefing_group bg JOIN user_group g ON g.id = bg.group_id WHERE bg.briefing_id = b.id), '[]') AS groups,
              (SELECT r.read_at FROM briefing_read r WHERE r.briefing_id = b.id AND r.user_id = $2) AS "readAt"
         FROM briefing b
        WHERE ${byId ? 'b.id = $1' : 'b.slug = $1'} AND ${readableBy('b', '$2', '$3')}`,
      [idOrSlug, reader?.id ?? null, reader?.admin ?? false],
    );
    return rows[0];
  }

  async structure(briefingId: string): Promise<StructureRows> {
    const [sections, items, prompts] = await Promise.all([
      this.db.query(
        `SELECT id, position, heading, kind, body FROM section WHERE briefing_id = $1 ORDER BY position`,
        [briefingId],
      ),
      this.db.query(
        `SELECT i.id, i.section_id AS "sectionId", i.position, i.title, i.body, i.url, t.id AS "threadId"
           FROM item i LEFT JOIN thread t ON t.item_id = i.id
          WHERE i.briefing_id = $1 ORDER BY i.position`,
        [briefingId],
      ),
      this.db.query(
        `SELECT p.id, p.section_id AS "sectionId", p.prompt, t.id AS "threadId", COALESCE(t.comment_count, 0) AS "commentCount", t.state
           FROM discussion_prompt p LEFT JOIN thread t ON t.prompt_id = p.id
          WHERE p.briefing_id = $1`,
        [briefingId],
      ),
    ]);
    return { sections, items, prompts } as StructureRows;
  }

  async list(
    auth: AuthContext,
    filter: {
      series?: string;
      tag?: string;
      limit: number;
      after?: { publishedOn: string; id: string };
    },
  ): Promise<SummaryRow[]> {
    const reader = readerOf(auth);
    const params: unknown[] = [reader.id, filter.limit, reader.admin];
    const where = [visibleBriefingSql('b', '$1', '$3')];
    if (filter.series) {
      params.push(filter.series);
      where.push(`b.series = $${params.length}`);
    }
    if (filter.tag) {
      params.push(filter.tag.toLowerCase());
      where.push(
        `EXISTS (SELECT 1 FROM briefing_tag bt JOIN tag t ON t.id = bt.tag_id WHERE bt.briefing_id = b.id AND t.name = $${params.length})`,
      );
    }
    if (filter.after) {
      params.push(filter.after.publishedOn, filter.after.id);
      where.push(`(b.published_on, b.id) < ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    return this.db.query(
      `SELECT ${BRIEFING_COLUMNS}, ${TAGS},
              (SELECT count(*)::int FROM discussion_prompt p WHERE p.briefing_id = b.id) AS "promptCount",
              (SELECT COALESCE(sum(t.comment_count), 0)::int FROM thread t WHERE t.briefing_id = b.id) AS "commentCount",
              NOT EXISTS (SELECT 1 FROM briefing_read r WHERE r.briefing_id = b.id AND r.user_id = $1) AS unread
         FROM briefing b
        WHERE ${where.join(' AND ')}
        ORDER BY b.published_on DESC, b.id DESC
        LIMIT $2`,
      params,
    );
  }

  async filters(
    auth: AuthContext,
  ): Promise<{ series: string[]; tags: Array<{ name: string; count: number }> }> {
    const reader = readerOf(auth);
    const [series, tags] = await Promise.all([
      this.db.query(
        `SELECT DISTINCT b.series FROM briefing b WHERE b.series IS NOT NULL AND ${visibleBriefingSql('b', '$1', '$2')} ORDER BY 1`,
        [reader.id, reader.admin],
      ),
      this.db.query(
        `SELECT t.name, count(*)::int AS count FROM tag t JOIN briefing_tag bt ON bt.tag_id = t.id JOIN briefing b ON b.id = bt.briefing_id
          WHERE ${visibleBriefingSql('b', '$1', '$2')} GROUP BY t.name ORDER BY count DESC, t.name LIMIT 200`,
        [reader.id, reader.admin],
      ),
    ]);
    return { series: series.map((row: { series: string }) => row.series), tags };
  }

  async markRead(userId: string, briefingId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO briefing_read (user_id, briefing_id) VALUES ($1, $2) ON CONFLICT (user_id, briefing_id) DO UPDATE SET read_at = now()`,
      [userId, briefingId],
    );
  }

  /** The named groups that exist, each with whether the user (null: nobody) belongs to it. */
  groupMembership(
    groupIds: string[],
    userId: string | null,
  ): Promise<Array<{ id: string; member: boolean }>> {
    return this.db.query(
      `SELECT g.id, EXISTS (SELECT 1 FROM user_group_member gm WHERE gm.group_id = g.id AND gm.user_id = $2) AS member
         FROM user_group g WHERE g.id = ANY($1::uuid[])`,
      [groupIds, userId],
    );
  }

  async threadCount(briefingId: string): Promise<number> {
    const rows: Array<{ count: number }> = await this.db.query(
      `SELECT count(*)::int AS count FROM thread WHERE briefing_id = $1`,
      [briefingId],
    );
    return rows[0]?.count ?? 0;
  }

  async delete(briefingId: string): Promise<boolean> {
    const [, affected] = await this.db.query(`DELETE FROM briefing WHERE id = $1`, [briefingId]);
    return affected > 0;
  }

  /**
   * Imports several briefings in one transaction: all are stored, or none. `importerId` decides
   * which existing briefings count as "the same document" (null: the operator, who reads all).
   */
  importAll(inputs: ImportInput[], importer: Reader | null): Promise<ImportOutcome[]> {
    return this.db.transaction(async (tx) => {
      const outcomes: ImportOutcome[] = [];
      for (const input of inputs) outcomes.push(await this.importOne(tx, input, importer));
      return outcomes;
    });
  }

  async updateMetadata(
    briefingId: string,
    changes: Partial<{
      title: string;
      titleKey: string;
      series: string | null;
      author: string | null;
      summary: string | null;
      readingMinutes: number | null;
      publishedOn: string;
      visibility: Visibility;
    }>,
    tags: string[] | undefined,
    groupIds: string[] | undefined,
    /** The title and date after the change, when they change: refused while its reader sees another. */
    identity: { titleKey: string; publishedOn: string; reader: Reader } | null,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (identity) {
        await lockIdentity(tx, identity.titleKey, identity.publishedOn);
        const twin = await findSameDocument(
          tx,
          identity.titleKey,
          identity.publishedOn,
          identity.reader,
          briefingId,
        );
        if (twin) return false;
      }
      const columns: Record<string, string> = {
        title: 'title',
        titleKey: 'title_key',
        series: 'series',
        author: 'author',
        summary: 'summary',
        readingMinutes: 'reading_minutes',
        publishedOn: 'published_on',
        visibility: 'visibility',
      };
      const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
      if (entries.length > 0) {
        const sets = entries.map(([key], index) => `${columns[key]} = $${index + 2}`);
        await tx.query(`UPDATE briefing SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
          briefingId,
          ...entries.map(([, value]) => value),
        ]);
      }
      if (tags) await this.replaceTags(tx, briefingId, tags);
      if (groupIds) await this.replaceGroups(tx, briefingId, groupIds);
      return true;
    });
  }

  private async importOne(
    tx: EntityManager,
    input: ImportInput,
    importer: Reader | null,
  ): Promise<ImportOutcome> {
    const { parsed } = input;
    await lockIdentity(tx, input.titleKey, parsed.publishedOn);
    const found = await findSameDocument(tx, input.titleKey, parsed.publishedOn, importer, null);
    if (found && found.content_hash === input.contentHash)
      return { id: found.id, created: false, changed: false };

    const id = found?.id ?? randomUUID();
    if (found) {
      await tx.query(
        `UPDATE briefing SET title = $2, series = $3, author = $4, reading_minutes = $5, summary = $6, source_format = $7,
                source_text = $8, content_hash = $9, updated_at = now() WHERE id = $1`,
        [
          id,
          parsed.title,
          parsed.series,
          parsed.author,
          parsed.readingMinutes,
          parsed.summary,
          input.sourceFormat,
          input.sourceText,
          input.contentHash,
        ],
      );
    } else {
      await tx.query(
        `INSERT INTO briefing (id, slug, title, title_key, series, published_on, author, reading_minutes, summary, source_format,
                               source_text, content_hash, visibility, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          id,
          input.visibility === 'restricted'
            ? unguessableSlug(parsed.slug)
            : await this.freeSlug(tx, parsed.slug),
          parsed.title,
          input.titleKey,
          parsed.series,
          parsed.publishedOn,
          parsed.author,
          parsed.readingMinutes,
          parsed.summary,
          input.sourceFormat,
          input.sourceText,
          input.contentHash,
          input.visibility,
          input.createdBy,
        ],
      );
      await this.replaceGroups(tx, id, input.groupIds);
    }
    await this.replaceTags(tx, id, parsed.tags);
    await this.writeStructure(
      tx,
      id,
      parsed,
      found ? await this.storedStructure(tx, id) : { sections: [], items: [], prompts: [] },
      input.createdBy,
    );
    return { id, created: !found, changed: true };
  }

  private async storedStructure(tx: EntityManager, briefingId: string): Promise<StoredStructure> {
    // One connection in a transaction: queries go one after another.
    const sections = await tx.query(
      `SELECT id, position, heading, kind FROM section WHERE briefing_id = $1`,
      [briefingId],
    );
    const items = await tx.query(
      `SELECT id, section_id AS "sectionId", title FROM item WHERE briefing_id = $1 ORDER BY position`,
      [briefingId],
    );
    const prompts = await tx.query(
      `SELECT id, section_id AS "sectionId" FROM discussion_prompt WHERE briefing_id = $1`,
      [briefingId],
    );
    return { sections, items, prompts };
  }

  /** Applies the re-import plan in an order that never cascades away something that is kept. */
  private async writeStructure(
    tx: EntityManager,
    briefingId: string,
    parsed: ParsedBriefing,
    stored: StoredStructure,
    actor: string | null,
  ): Promise<void> {
    const plan = planReimport(stored, parsed, randomUUID);
    const sections = plan.sections;
    await tx.query(
      `INSERT INTO section (id, briefing_id, position, heading, kind, body)
       SELECT s.id, $1, s.position, s.heading, s.kind, s.body
         FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[]) AS s(id, position, heading, kind, body)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, heading = excluded.heading, kind = excluded.kind, body = excluded.body`,
      [
        briefingId,
        sections.map((s) => s.id),
        sections.map((s) => s.position),
        sections.map((s) => s.source.heading),
        sections.map((s) => s.source.kind),
        sections.map((s) => s.source.body),
      ],
    );
    if (plan.deletePromptIds.length)
      await tx.query(`DELETE FROM discussion_prompt WHERE id = ANY($1::uuid[])`, [
        plan.deletePromptIds,
      ]);

    const items = sections.flatMap((section) =>
      section.items.map((item) => ({ ...item, sectionId: section.id })),
    );
    if (items.length) {
      await tx.query(
        `INSERT INTO item (id, section_id, briefing_id, position, title, body, url)
         SELECT i.id, i.section_id, $1, i.position, i.title, i.body, i.url
           FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[]) AS i(id, section_id, position, title, body, url)
         ON CONFLICT (id) DO UPDATE SET section_id = excluded.section_id, position = excluded.position, title = excluded.title,
                                        body = excluded.body, url = excluded.url`,
        [
          briefingId,
          items.map((i) => i.id),
          items.map((i) => i.sectionId),
          items.map((i) => i.position),
          items.map((i) => i.title),
          items.map((i) => i.body),
          items.map((i) => i.url),
        ],
      );
    }
    if (plan.deleteItemIds.length)
      await tx.query(`DELETE FROM item WHERE id = ANY($1::uuid[])`, [plan.deleteItemIds]);
    if (plan.deleteSectionIds.length)
      await tx.query(`DELETE FROM section WHERE id = ANY($1::uuid[])`, [plan.deleteSectionIds]);

    const prompts = sections.flatMap((section) =>
      section.prompt ? [{ ...section.prompt, sectionId: section.id }] : [],
    );
    if (prompts.length) {
      await tx.query(
        `INSERT INTO discussion_prompt (id, section_id, briefing_id, prompt)
         SELECT p.id, p.section_id, $1, p.prompt FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS p(id, section_id, prompt)
         ON CONFLICT (id) DO UPDATE SET prompt = excluded.prompt, section_id = excluded.section_id`,
        [
          briefingId,
          prompts.map((p) => p.id),
          prompts.map((p) => p.sectionId),
          prompts.map((p) => p.text),
        ],
      );
      // Every prompt owns exactly one thread: new prompts get one, kept prompts keep theirs (title follows the text).
      await tx.query(
        `INSERT INTO thread (briefing_id, prompt_id, title, created_by)
         SELECT $1, p.id, p.prompt, $4 FROM unnest($2::uuid[], $3::text[]) AS p(id, prompt)
         ON CONFLICT (prompt_id) WHERE prompt_id IS NOT NULL DO UPDATE SET title = excluded.title`,
        [briefingId, prompts.map((p) => p.id), prompts.map((p) => p.text), actor],
      );
    }
  }

  private async replaceTags(tx: EntityManager, briefingId: string, tags: string[]): Promise<void> {
    const names = [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
    await tx.query(
      `DELETE FROM briefing_tag WHERE briefing_id = $1 AND tag_id NOT IN (SELECT id FROM tag WHERE name = ANY($2::text[]))`,
      [briefingId, names],
    );
    if (names.length === 0) return;
    await tx.query(
      `INSERT INTO tag (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
      [names],
    );
    await tx.query(
      `INSERT INTO briefing_tag (briefing_id, tag_id) SELECT $1, id FROM tag WHERE name = ANY($2::text[]) ON CONFLICT DO NOTHING`,
      [briefingId, names],
    );
  }

  private async replaceGroups(
    tx: EntityManager,
    briefingId: string,
    groupIds: string[],
  ): Promise<void> {
    await tx.query(`DELETE FROM briefing_group WHERE briefing_id = $1`, [briefingId]);
    if (groupIds.length === 0) return;
    await tx.query(
      `INSERT INTO briefing_group (briefing_id, group_id) SELECT $1, unnest($2::uuid[])`,
      [briefingId, groupIds],
    );
  }

  /**
   * Slugs are unique; a second briefing with the same slug gets -2, -3, … Only team briefings
   * (which everyone reads) take these, so the number tells nothing about hidden briefings.
   */
  private async freeSlug(tx: EntityManager, slug: string): Promise<string> {
    const rows: Array<{ slug: string }> = await tx.query(
      `SELECT slug FROM briefing WHERE slug = $1 OR slug LIKE $1 || '-%'`,
      [slug],
    );
    const taken = new Set(rows.map((row) => row.slug));
    if (!taken.has(slug)) return slug;
    for (let n = 2; ; n++) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
  }
}

/** Who may read a briefing, with a null reader standing for the operator, who reads everything. */
function readableBy(alias: string, readerParam: string, adminParam: string): string {
  return `(${readerParam}::uuid IS NULL OR ${visibleBriefingSql(alias, `${readerParam}::uuid`, adminParam)})`;
}

/** Holds the title-and-date key until the transaction ends: its lookup and insert are one step. */
async function lockIdentity(tx: EntityManager, key: string, publishedOn: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2::text || ' ' || $3::text))`, [
    AdvisoryLock.BriefingIdentity,
    key,
    publishedOn,
  ]);
}

/**
 * The briefing with this title and date that the reader may read (the oldest when several are),
 * locked for the update; one the reader may not read is never found.
 */
async function findSameDocument(
  tx: EntityManager,
  key: string,
  publishedOn: string,
  reader: Reader | null,
  exceptId: string | null,
): Promise<{ id: string; content_hash: string } | undefined> {
  const rows: Array<{ id: string; content_hash: string }> = await tx.query(
    `SELECT b.id, b.content_hash FROM briefing b
      WHERE b.title_key = $1 AND b.published_on = $2 AND b.id IS DISTINCT FROM $4::uuid AND ${readableBy('b', '$3', '$5')}
      ORDER BY b.created_at, b.id LIMIT 1 FOR UPDATE OF b`,
    [key, publishedOn, reader?.id ?? null, exceptId, reader?.admin ?? false],
  );
  return rows[0];
}

/**
 * A restricted briefing's slug: the readable one plus a random part. It never takes the plain or
 * numbered slug that a later team briefing of the same title would want, so nobody outside its
 * groups can learn from their own slug that it exists.
 */
function unguessableSlug(slug: string): string {
  return `${slug}-${randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')}`;
}
