import { shortTitleOf } from '../discussions/thread-short-title.js';
import { Injectable } from '@nestjs/common';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { randomBytes, randomUUID } from 'node:crypto';
import { readerOf, visibleBriefing, type Reader } from '../access/visibility.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { ParsedBriefing } from './parsing/index.js';
import { planReimport, type StoredStructure } from './reimport-plan.js';
import type { SourceFormatColumn, Visibility } from './briefing.entity.js';
import { AdvisoryLock } from '../database/advisory-locks.js';
import { Database, type DB } from '../database/database.js';
import { recordDomainEvents } from '../domain-events/domain-events.js';

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
  newCommentCount: number;
  unread: boolean;
}

export type SectionKind = 'items' | 'takeaway' | 'related';

export interface StructureRows {
  sections: Array<{
    id: string;
    position: number;
    heading: string;
    kind: SectionKind;
    body: string | null;
  }>;
  items: Array<{
    id: string;
    sectionId: string;
    position: number;
    title: string;
    body: string | null;
    url: string | null;
    links: string[];
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

const BRIEFING_COLUMNS = sql`b.id, b.slug, b.title, b.series, to_char(b.published_on, 'YYYY-MM-DD') AS "publishedOn", b.author,
  b.reading_minutes AS "readingMinutes", b.summary, b.visibility`;

const TAGS = sql`COALESCE((SELECT array_agg(t.name ORDER BY t.name) FROM briefing_tag bt JOIN tag t ON t.id = bt.tag_id WHERE bt.briefing_id = b.id), '{}') AS tags`;

@Injectable()
export class BriefingsRepository {
  constructor(private readonly db: Database) {}

  /** Resolves an id or slug to a briefing the user may read. */
  findVisible(auth: AuthContext, idOrSlug: string): Promise<BriefingRow | undefined> {
    return this.findReadable(readerOf(auth), idOrSlug);
  }

  /** As findVisible, for a reader; null is the operator (CLI, first start), who reads everything. */
  async findReadable(reader: Reader | null, idOrSlug: string): Promise<BriefingRow | undefined> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
    const { rows } = await sql<BriefingRow>`
      SELECT ${BRIEFING_COLUMNS}, b.source_format AS "sourceFormat", b.created_at AS "createdAt", b.updated_at AS "updatedAt", ${TAGS},
             COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name)
                         FROM briefing_group bg JOIN user_group g ON g.id = bg.group_id WHERE bg.briefing_id = b.id), '[]') AS groups,
             (SELECT r.read_at FROM briefing_read r WHERE r.briefing_id = b.id AND r.user_id = ${reader?.id ?? null}::uuid) AS "readAt"
        FROM briefing b
       WHERE ${byId ? sql`b.id = ${idOrSlug}` : sql`b.slug = ${idOrSlug}`} AND ${readableBy('b', reader)}`.execute(
      this.db,
    );
    return rows[0];
  }

  /** The stored briefing a re-import of this title and date would update, when the reader may read it. */
  async findImported(
    reader: Reader | null,
    key: string,
    publishedOn: string,
  ): Promise<{ id: string; slug: string } | undefined> {
    const { rows } = await sql<{ id: string; slug: string }>`
      SELECT b.id, b.slug FROM briefing b
       WHERE b.title_key = ${key} AND b.published_on = ${publishedOn}::date AND ${readableBy('b', reader)}
       ORDER BY b.created_at, b.id LIMIT 1`.execute(this.db);
    return rows[0];
  }

  async structure(briefingId: string): Promise<StructureRows> {
    const [sections, items, prompts] = await Promise.all([
      this.db
        .selectFrom('section')
        .select(['id', 'position', 'heading', 'kind', 'body'])
        .where('briefing_id', '=', briefingId)
        .orderBy('position')
        .$narrowType<{ kind: SectionKind }>()
        .execute(),
      this.db
        .selectFrom('item as i')
        .leftJoin('thread as t', 't.item_id', 'i.id')
        .select([
          'i.id',
          'i.section_id as sectionId',
          'i.position',
          'i.title',
          'i.body',
          'i.url',
          'i.links',
          't.id as threadId',
        ])
        .where('i.briefing_id', '=', briefingId)
        .orderBy('i.position')
        .execute(),
      this.db
        .selectFrom('discussion_prompt as p')
        .leftJoin('thread as t', 't.prompt_id', 'p.id')
        .select((eb) => [
          'p.id',
          'p.section_id as sectionId',
          'p.prompt',
          't.id as threadId',
          eb.fn.coalesce('t.comment_count', sql.lit(0)).as('commentCount'),
          't.state',
        ])
        .where('p.briefing_id', '=', briefingId)
        .execute(),
    ]);
    return { sections, items, prompts };
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
    const where: RawBuilder<boolean>[] = [visibleBriefing('b', reader.id, reader.admin)];
    if (filter.series) where.push(sql<boolean>`b.series = ${filter.series}`);
    if (filter.tag) {
      where.push(
        sql<boolean>`EXISTS (SELECT 1 FROM briefing_tag bt JOIN tag t ON t.id = bt.tag_id WHERE bt.briefing_id = b.id AND t.name = ${filter.tag.toLowerCase()})`,
      );
    }
    if (filter.after) {
      where.push(
        sql<boolean>`(b.published_on, b.id) < (${filter.after.publishedOn}::date, ${filter.after.id}::uuid)`,
      );
    }
    const { rows } = await sql<SummaryRow>`
      SELECT ${BRIEFING_COLUMNS}, ${TAGS},
             (SELECT count(*)::int FROM discussion_prompt p WHERE p.briefing_id = b.id) AS "promptCount",
             (SELECT COALESCE(sum(t.comment_count), 0)::int FROM thread t WHERE t.briefing_id = b.id) AS "commentCount",
             -- Others' comments past the reader's read position in each thread (all, in a thread never opened).
             (SELECT count(*)::int FROM thread t JOIN comment c ON c.thread_id = t.id
                LEFT JOIN thread_read tr ON tr.thread_id = t.id AND tr.user_id = ${reader.id}::uuid
               WHERE t.briefing_id = b.id AND c.seq > COALESCE(tr.last_seq, 0) AND c.deleted_at IS NULL
                 AND c.author_id IS DISTINCT FROM ${reader.id}::uuid) AS "newCommentCount",
             NOT EXISTS (SELECT 1 FROM briefing_read r WHERE r.briefing_id = b.id AND r.user_id = ${reader.id}::uuid) AS unread
        FROM briefing b
       WHERE ${sql.join(where, sql` AND `)}
       ORDER BY b.published_on DESC, b.id DESC
       LIMIT ${filter.limit}`.execute(this.db);
    return rows;
  }

  async filters(
    auth: AuthContext,
  ): Promise<{ series: string[]; tags: Array<{ name: string; count: number }> }> {
    const reader = readerOf(auth);
    const [series, tags] = await Promise.all([
      this.db
        .selectFrom('briefing as b')
        .select('b.series')
        .distinct()
        .where('b.series', 'is not', null)
        .where(visibleBriefing('b', reader.id, reader.admin))
        .orderBy('b.series')
        .$narrowType<{ series: string }>()
        .execute(),
      this.db
        .selectFrom('tag as t')
        .innerJoin('briefing_tag as bt', 'bt.tag_id', 't.id')
        .innerJoin('briefing as b', 'b.id', 'bt.briefing_id')
        .select(['t.name', sql<number>`count(*)::int`.as('count')])
        .where(visibleBriefing('b', reader.id, reader.admin))
        .groupBy('t.name')
        .orderBy('count', 'desc')
        .orderBy('t.name')
        .limit(200)
        .execute(),
    ]);
    return { series: series.map((row) => row.series), tags };
  }

  async markRead(userId: string, briefingId: string): Promise<void> {
    await this.db
      .insertInto('briefing_read')
      .values({ user_id: userId, briefing_id: briefingId })
      .onConflict((conflict) =>
        conflict.columns(['user_id', 'briefing_id']).doUpdateSet({ read_at: sql`now()` }),
      )
      .execute();
  }

  /** The named groups that exist, each with whether the user (null: nobody) belongs to it. */
  async groupMembership(
    groupIds: string[],
    userId: string | null,
  ): Promise<Array<{ id: string; member: boolean }>> {
    const { rows } = await sql<{ id: string; member: boolean }>`
      SELECT g.id, EXISTS (SELECT 1 FROM user_group_member gm WHERE gm.group_id = g.id AND gm.user_id = ${userId}::uuid) AS member
        FROM user_group g WHERE g.id = ANY(${groupIds}::uuid[])`.execute(this.db);
    return rows;
  }

  async threadCount(briefingId: string): Promise<number> {
    const row = await this.db
      .selectFrom('thread')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('briefing_id', '=', briefingId)
      .executeTakeFirst();
    return row?.count ?? 0;
  }

  async delete(briefingId: string): Promise<boolean> {
    const { numDeletedRows } = await this.db
      .deleteFrom('briefing')
      .where('id', '=', briefingId)
      .executeTakeFirstOrThrow();
    return numDeletedRows > 0n;
  }

  /**
   * Imports several briefings in one transaction: all are stored, or none. `importerId` decides
   * which existing briefings count as "the same document" (null: the operator, who reads all).
   */
  importAll(inputs: ImportInput[], importer: Reader | null): Promise<ImportOutcome[]> {
    return this.db.transaction().execute(async (trx) => {
      const outcomes: ImportOutcome[] = [];
      for (const input of inputs) outcomes.push(await this.importOne(trx, input, importer));
      await recordDomainEvents(
        trx,
        outcomes.map((outcome) => ({
          type: 'briefing.imported' as const,
          briefingId: outcome.id,
          created: outcome.created,
        })),
      );
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
    return this.db.transaction().execute(async (trx) => {
      if (identity) {
        await lockIdentity(trx, identity.titleKey, identity.publishedOn);
        const twin = await findSameDocument(
          trx,
          identity.titleKey,
          identity.publishedOn,
          identity.reader,
          briefingId,
        );
        if (twin) return false;
      }
      const columns = {
        title: changes.title,
        title_key: changes.titleKey,
        series: changes.series,
        author: changes.author,
        summary: changes.summary,
        reading_minutes: changes.readingMinutes,
        published_on: changes.publishedOn,
        visibility: changes.visibility,
      };
      // Kysely leaves undefined columns out of the SET list: only what changes is written.
      if (Object.values(columns).some((value) => value !== undefined)) {
        await trx
          .updateTable('briefing')
          .set({ ...columns, updated_at: sql`now()` })
          .where('id', '=', briefingId)
          .execute();
      }
      if (tags) await this.replaceTags(trx, briefingId, tags);
      if (groupIds) await this.replaceGroups(trx, briefingId, groupIds);
      return true;
    });
  }

  private async importOne(
    trx: Transaction<DB>,
    input: ImportInput,
    importer: Reader | null,
  ): Promise<ImportOutcome> {
    const { parsed } = input;
    await lockIdentity(trx, input.titleKey, parsed.publishedOn);
    const found = await findSameDocument(trx, input.titleKey, parsed.publishedOn, importer, null);
    if (found && found.content_hash === input.contentHash)
      return { id: found.id, created: false, changed: false };

    const id = found?.id ?? randomUUID();
    if (found) {
      await trx
        .updateTable('briefing')
        .set({
          title: parsed.title,
          series: parsed.series,
          author: parsed.author,
          reading_minutes: parsed.readingMinutes,
          summary: parsed.summary,
          source_format: input.sourceFormat,
          source_text: input.sourceText,
          content_hash: input.contentHash,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    } else {
      await trx
        .insertInto('briefing')
        .values({
          id,
          slug:
            input.visibility === 'restricted'
              ? unguessableSlug(parsed.slug)
              : await this.freeSlug(trx, parsed.slug),
          title: parsed.title,
          title_key: input.titleKey,
          series: parsed.series,
          published_on: parsed.publishedOn,
          author: parsed.author,
          reading_minutes: parsed.readingMinutes,
          summary: parsed.summary,
          source_format: input.sourceFormat,
          source_text: input.sourceText,
          content_hash: input.contentHash,
          visibility: input.visibility,
          created_by: input.createdBy,
        })
        .execute();
      await this.replaceGroups(trx, id, input.groupIds);
    }
    await this.replaceTags(trx, id, parsed.tags);
    await this.writeStructure(
      trx,
      id,
      parsed,
      found ? await this.storedStructure(trx, id) : { sections: [], items: [], prompts: [] },
      input.createdBy,
    );
    return { id, created: !found, changed: true };
  }

  private async storedStructure(
    trx: Transaction<DB>,
    briefingId: string,
  ): Promise<StoredStructure> {
    // One connection in a transaction: queries go one after another.
    const sections = await trx
      .selectFrom('section')
      .select(['id', 'position', 'heading', 'kind'])
      .where('briefing_id', '=', briefingId)
      .execute();
    const items = await trx
      .selectFrom('item')
      .select(['id', 'section_id as sectionId', 'title'])
      .where('briefing_id', '=', briefingId)
      .orderBy('position')
      .execute();
    const prompts = await trx
      .selectFrom('discussion_prompt')
      .select(['id', 'section_id as sectionId'])
      .where('briefing_id', '=', briefingId)
      .execute();
    return { sections, items, prompts };
  }

  /** Applies the re-import plan in an order that never cascades away something that is kept. */
  private async writeStructure(
    trx: Transaction<DB>,
    briefingId: string,
    parsed: ParsedBriefing,
    stored: StoredStructure,
    actor: string | null,
  ): Promise<void> {
    const plan = planReimport(stored, parsed, randomUUID);
    const sections = plan.sections;
    await sql`
      INSERT INTO section (id, briefing_id, position, heading, kind, body)
      SELECT s.id, ${briefingId}::uuid, s.position, s.heading, s.kind, s.body
        FROM unnest(${sections.map((s) => s.id)}::uuid[], ${sections.map((s) => s.position)}::int[],
                    ${sections.map((s) => s.source.heading)}::text[], ${sections.map((s) => s.source.kind)}::text[],
                    ${sections.map((s) => s.source.body)}::text[]) AS s(id, position, heading, kind, body)
      ON CONFLICT (id) DO UPDATE SET position = excluded.position, heading = excluded.heading, kind = excluded.kind, body = excluded.body`.execute(
      trx,
    );
    if (plan.deletePromptIds.length)
      await trx
        .deleteFrom('discussion_prompt')
        .where('id', '=', sql<string>`ANY(${plan.deletePromptIds}::uuid[])`)
        .execute();

    const items = sections.flatMap((section) =>
      section.items.map((item) => ({ ...item, sectionId: section.id })),
    );
    if (items.length) {
      await sql`
        INSERT INTO item (id, section_id, briefing_id, position, title, body, url, links)
        SELECT i.id, i.section_id, ${briefingId}::uuid, i.position, i.title, i.body, i.url,
               ARRAY(SELECT jsonb_array_elements_text(i.links::jsonb))
          FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.sectionId)}::uuid[],
                      ${items.map((i) => i.position)}::int[], ${items.map((i) => i.title)}::text[],
                      ${items.map((i) => i.body)}::text[], ${items.map((i) => i.url)}::text[],
                      ${items.map((i) => JSON.stringify(i.links))}::text[])
               AS i(id, section_id, position, title, body, url, links)
        ON CONFLICT (id) DO UPDATE SET section_id = excluded.section_id, position = excluded.position, title = excluded.title,
                                       body = excluded.body, url = excluded.url, links = excluded.links`.execute(
        trx,
      );
    }
    if (plan.deleteItemIds.length)
      await trx
        .deleteFrom('item')
        .where('id', '=', sql<string>`ANY(${plan.deleteItemIds}::uuid[])`)
        .execute();
    if (plan.deleteSectionIds.length)
      await trx
        .deleteFrom('section')
        .where('id', '=', sql<string>`ANY(${plan.deleteSectionIds}::uuid[])`)
        .execute();

    const prompts = sections.flatMap((section) =>
      section.prompt ? [{ ...section.prompt, sectionId: section.id }] : [],
    );
    if (prompts.length) {
      const ids = prompts.map((p) => p.id);
      const texts = prompts.map((p) => p.text);
      await sql`
        INSERT INTO discussion_prompt (id, section_id, briefing_id, prompt)
        SELECT p.id, p.section_id, ${briefingId}::uuid, p.prompt
          FROM unnest(${ids}::uuid[], ${prompts.map((p) => p.sectionId)}::uuid[], ${texts}::text[]) AS p(id, section_id, prompt)
        ON CONFLICT (id) DO UPDATE SET prompt = excluded.prompt, section_id = excluded.section_id`.execute(
        trx,
      );
      // Every prompt owns exactly one thread: new prompts get one, kept prompts keep theirs (title
      // follows the text; so does the short title, unless an editor set it).
      await sql`
        INSERT INTO thread (briefing_id, prompt_id, title, short_title, created_by)
        SELECT ${briefingId}::uuid, p.id, p.prompt, p.short_title, ${actor}::uuid
          FROM unnest(${ids}::uuid[], ${texts}::text[], ${texts.map(shortTitleOf)}::text[]) AS p(id, prompt, short_title)
        ON CONFLICT (prompt_id) WHERE prompt_id IS NOT NULL DO UPDATE SET title = excluded.title,
          short_title = CASE WHEN thread.short_title_edited THEN thread.short_title ELSE excluded.short_title END`.execute(
        trx,
      );
    }
  }

  private async replaceTags(
    trx: Transaction<DB>,
    briefingId: string,
    tags: string[],
  ): Promise<void> {
    const names = [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
    await sql`
      DELETE FROM briefing_tag
       WHERE briefing_id = ${briefingId} AND tag_id NOT IN (SELECT id FROM tag WHERE name = ANY(${names}::text[]))`.execute(
      trx,
    );
    if (names.length === 0) return;
    await sql`INSERT INTO tag (name) SELECT unnest(${names}::text[]) ON CONFLICT (name) DO NOTHING`.execute(
      trx,
    );
    await sql`
      INSERT INTO briefing_tag (briefing_id, tag_id)
      SELECT ${briefingId}::uuid, id FROM tag WHERE name = ANY(${names}::text[]) ON CONFLICT DO NOTHING`.execute(
      trx,
    );
  }

  private async replaceGroups(
    trx: Transaction<DB>,
    briefingId: string,
    groupIds: string[],
  ): Promise<void> {
    await trx.deleteFrom('briefing_group').where('briefing_id', '=', briefingId).execute();
    if (groupIds.length === 0) return;
    await sql`
      INSERT INTO briefing_group (briefing_id, group_id) SELECT ${briefingId}::uuid, unnest(${groupIds}::uuid[])`.execute(
      trx,
    );
  }

  /**
   * Slugs are unique; a second briefing with the same slug gets -2, -3, … Only team briefings
   * (which everyone reads) take these, so the number tells nothing about hidden briefings.
   */
  private async freeSlug(trx: Transaction<DB>, slug: string): Promise<string> {
    const rows = await trx
      .selectFrom('briefing')
      .select('slug')
      .where((eb) =>
        eb.or([eb('slug', '=', slug), eb('slug', 'like', sql<string>`${slug} || '-%'`)]),
      )
      .execute();
    const taken = new Set(rows.map((row) => row.slug));
    if (!taken.has(slug)) return slug;
    for (let n = 2; ; n++) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
  }
}

/** Who may read a briefing; a null reader stands for the operator, who reads everything. */
function readableBy(alias: string, reader: Reader | null): RawBuilder<boolean> {
  return reader ? visibleBriefing(alias, reader.id, reader.admin) : sql<boolean>`TRUE`;
}

/** Holds the title-and-date key until the transaction ends: its lookup and insert are one step. */
async function lockIdentity(trx: Transaction<DB>, key: string, publishedOn: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AdvisoryLock.BriefingIdentity}, hashtext(${key}::text || ' ' || ${publishedOn}::text))`.execute(
    trx,
  );
}

/**
 * The briefing with this title and date that the reader may read (the oldest when several are),
 * locked for the update; one the reader may not read is never found.
 */
async function findSameDocument(
  trx: Transaction<DB>,
  key: string,
  publishedOn: string,
  reader: Reader | null,
  exceptId: string | null,
): Promise<{ id: string; content_hash: string } | undefined> {
  const { rows } = await sql<{ id: string; content_hash: string }>`
    SELECT b.id, b.content_hash FROM briefing b
     WHERE b.title_key = ${key} AND b.published_on = ${publishedOn}::date AND b.id IS DISTINCT FROM ${exceptId}::uuid
       AND ${readableBy('b', reader)}
     ORDER BY b.created_at, b.id LIMIT 1 FOR UPDATE OF b`.execute(trx);
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
