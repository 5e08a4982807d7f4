import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import { createHash } from 'node:crypto';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import { validationPipe } from '../common/validation.js';
import { decodeCursor, encodeCursor, isDate } from '../common/cursor.js';
import type { Visibility } from './briefing.entity.js';
import {
  ImportBriefingDto,
  type BriefingDto,
  type BriefingFiltersDto,
  type BriefingListQuery,
  type BriefingPageDto,
  type ParsedBriefingDto,
  type UpdateBriefingDto,
} from './briefings.dto.js';
import { BriefingParser } from './briefing-parser.js';
import {
  BriefingsRepository,
  type BriefingRow,
  type StructureRows,
} from './briefings.repository.js';
import { describeReimport } from './reimport-plan.js';
// The parsers themselves run in the parse worker (briefing-parser.ts): only these leaves load here.
import { briefingSlug } from './parsing/briefing-slug.js';
import { decodeDocument } from './parsing/decode-document.js';
import type { ParsedBriefing, SourceFormat } from './parsing/parsed-briefing.js';
import { storableText } from './parsing/plain-text.js';
import { readerOf, type Reader } from '../access/visibility.js';
import { AuthService } from '../auth/auth.service.js';
import { OutboundFetcher } from '../outbound/outbound-fetcher.js';

export const MAX_BRIEFING_BYTES = 2 * 1024 * 1024;

/** Content types the import route takes as a raw document, and the format each implies. */
export const RAW_IMPORT_TYPES: Record<string, SourceFormat> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/rss+xml': 'feed',
  'application/atom+xml': 'feed',
  'application/xml': 'feed',
  'text/xml': 'feed',
};

/** What a URL may serve to be imported: the raw import's types and JSON. */
export const URL_IMPORT_TYPES = [...Object.keys(RAW_IMPORT_TYPES), 'application/json'];

export interface ImportRequest {
  contentType: string | undefined;
  /** A string or parsed JSON from the HTTP layer, or the raw bytes (decoded by their declared charset). */
  body: unknown;
  /** What the channel decides rather than the document: a feed's or mail token's series, the reader's audience. */
  overrides?: ImportOverrides;
  /** How the document arrived, for the audit log; left out: an upload, or the operator when no one is signed in. */
  source?: 'upload' | 'url' | 'feed' | 'mail' | 'webhook';
}

export interface ImportOverrides {
  series?: string;
  /** YYYY-MM-DD used when the document states no date of its own. */
  publishedOn?: string;
  visibility?: Visibility;
  groupIds?: string[];
  /** Where the document was fetched from: relative links resolve against it. */
  sourceUrl?: string;
}

export interface ImportResult {
  created: boolean;
  briefings: BriefingDto[];
}

interface ImportDocument {
  content: string;
  format: SourceFormat | undefined;
  visibility: Visibility;
  groupIds: string[];
  publishedOn?: string;
}

/** Two imports are "the same document" when title (case and spacing folded) and date agree. */
export const titleKey = (title: string) =>
  title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

@Injectable()
export class BriefingsService {
  /** Imports, deletions and audience changes are audited (audit/); absent in hand-built unit tests. */
  @Optional() @Inject(AuditLog) private readonly audit?: AuditLog;

  constructor(
    private readonly briefings: BriefingsRepository,
    private readonly parser: BriefingParser,
    private readonly auth: AuthService,
    private readonly fetcher: OutboundFetcher,
  ) {}

  async list(auth: AuthContext, query: BriefingListQuery): Promise<BriefingPageDto> {
    const limit = query.limit ?? 20;
    const rows = await this.briefings.list(auth, {
      series: query.series,
      tag: query.tag,
      limit: limit + 1,
      after: toFeedCursor(decodeCursor(query.cursor, isDate)),
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      briefings: page,
      nextCursor: rows.length > limit && last ? encodeCursor(last.publishedOn, last.id) : null,
    };
  }

  filters(auth: AuthContext): Promise<BriefingFiltersDto> {
    return this.briefings.filters(auth);
  }

  async get(auth: AuthContext, idOrSlug: string): Promise<BriefingDto> {
    const row = await this.briefings.findVisible(auth, idOrSlug);
    if (!row) throw notFound();
    return toBriefingDto(row, await this.briefings.structure(row.id));
  }

  async markRead(auth: AuthContext, id: string): Promise<void> {
    const row = await this.briefings.findVisible(auth, id);
    if (!row) throw notFound();
    await this.briefings.markRead(auth.user.id, row.id);
  }

  /**
   * Parses without storing: what the import page previews, with the parts it assumed and, for a
   * briefing the reader already has, what importing it again would change.
   */
  async preview(auth: AuthContext, request: ImportRequest): Promise<ParsedBriefingDto[]> {
    const { briefings } = await this.parse(await this.readImport(request), request.overrides);
    const reader = readerOf(auth);
    return Promise.all(
      briefings.map(async (briefing) => {
        const stored = await this.briefings.findImported(
          reader,
          titleKey(briefing.title),
          briefing.publishedOn,
        );
        if (!stored) return { ...briefing, changes: null };
        const changes = describeReimport(await this.briefings.structure(stored.id), briefing);
        return { ...briefing, changes: { briefingId: stored.id, slug: stored.slug, ...changes } };
      }),
    );
  }

  /** The document as the channel delivers it: what the channel decides (audience, date) wins. */
  private async readImport(request: ImportRequest): Promise<ImportDocument> {
    const document = await this.readDocument(request);
    const overrides = request.overrides ?? {};
    return {
      ...document,
      visibility: overrides.visibility ?? document.visibility,
      groupIds: overrides.groupIds ?? document.groupIds,
      publishedOn: overrides.publishedOn ?? document.publishedOn,
    };
  }

  /** Parses a read document, then applies the channel's series (the slug follows) and address. */
  private async parse(
    document: ImportDocument,
    overrides: ImportOverrides = {},
  ): Promise<{ briefings: ParsedBriefing[]; sourceFormat: SourceFormat }> {
    const defaultDate = document.publishedOn;
    const parsed = await this.parser.parse(
      document.content,
      document.format,
      defaultDate ? { defaultDate } : {},
    );
    for (const briefing of parsed.briefings) {
      if (overrides.series && overrides.series !== briefing.series) {
        briefing.series = overrides.series;
        briefing.slug = briefingSlug(briefing.title, briefing.series, briefing.publishedOn);
      }
      if (overrides.sourceUrl) resolveLinks(briefing, overrides.sourceUrl);
    }
    return parsed;
  }

  /**
   * Stores the briefings of a document. "The same document" is the same title and date among the
   * briefings the importer may read: one they may not read is never touched nor revealed, and the
   * import makes a new briefing instead. `auth` null is the operator (CLI, first start).
   */
  async import(auth: AuthContext | null, request: ImportRequest): Promise<ImportResult> {
    const document = await this.readImport(request);
    // Who it is for is checked before anything is parsed.
    await this.checkAudience(auth, document.visibility, document.groupIds);
    const { briefings, sourceFormat } = await this.parse(document, request.overrides);
    const sourceText = storableText(document.content);
    const inputs = briefings.map((briefing) => ({
      parsed: briefing,
      titleKey: titleKey(briefing.title),
      sourceFormat,
      sourceText,
      contentHash: createHash('sha256').update(JSON.stringify(briefing)).digest('hex'),
      visibility: document.visibility,
      groupIds: document.groupIds,
      createdBy: auth?.user.id ?? null,
    }));
    const importer = auth ? readerOf(auth) : null;
    const outcomes = await retryOnUniqueViolation(() => this.briefings.importAll(inputs, importer));
    await this.audit?.record({
      actorId: auth?.user.id ?? null,
      action: 'briefing.imported',
      targetType: 'briefing',
      targetId: outcomes[0]?.id,
      details: {
        source: request.source ?? (auth ? 'upload' : 'operator'),
        count: outcomes.length,
        created: outcomes.filter((outcome) => outcome.created).length,
        briefingIds: outcomes.map((outcome) => outcome.id),
      },
    });
    return {
      created: outcomes.some((outcome) => outcome.created),
      briefings: await Promise.all(outcomes.map((outcome) => this.read(importer, outcome.id))),
    };
  }

  /**
   * Imports the document at a URL, fetched behind the SSRF guard. The audience is checked before
   * anything is fetched, so a bad group costs no outbound request.
   */
  async importUrl(
    auth: AuthContext,
    request: { url: string; visibility?: Visibility; groupIds?: string[]; publishedOn?: string },
  ): Promise<ImportResult> {
    const visibility = request.visibility ?? 'team';
    const groupIds = request.groupIds ?? [];
    await this.checkAudience(auth, visibility, groupIds);
    const page = await this.fetcher.fetch(request.url, {
      accept: URL_IMPORT_TYPES,
      maxBytes: MAX_BRIEFING_BYTES,
    });
    return this.import(auth, {
      contentType: page.contentType ?? 'text/plain',
      body: page.bytes,
      overrides: {
        visibility,
        groupIds,
        publishedOn: request.publishedOn,
        sourceUrl: page.finalUrl,
      },
      source: 'url',
    });
  }

  async update(auth: AuthContext, id: string, dto: UpdateBriefingDto): Promise<BriefingDto> {
    const row = await this.briefings.findVisible(auth, id);
    if (!row) throw notFound();
    const visibility = dto.visibility ?? row.visibility;
    const groupIds = dto.groupIds ?? (dto.visibility === 'team' ? [] : undefined);
    const effectiveGroups = groupIds ?? row.groups.map((group) => group.id);
    if (visibility === 'restricted' && effectiveGroups.length === 0) throw groupsRequired();
    if (groupIds) {
      // Groups it already has may stay; only added ones must be the editor's own. A team
      // briefing drops its groups, so for one only their existence is checked.
      const current = new Set(row.groups.map((group) => group.id));
      await this.checkGroups(visibility === 'restricted' ? auth : null, groupIds, current);
    }
    const { tags, groupIds: _groups, ...columns } = dto;
    const identity =
      dto.title !== undefined || dto.publishedOn !== undefined
        ? {
            titleKey: titleKey(dto.title ?? row.title),
            publishedOn: dto.publishedOn ?? row.publishedOn,
          }
        : null;
    const saved = await this.briefings.updateMetadata(
      row.id,
      { ...columns, titleKey: dto.title ? titleKey(dto.title) : undefined },
      tags,
      visibility === 'team' ? [] : groupIds,
      identity && { ...identity, reader: readerOf(auth) },
    );
    if (!saved) {
      throw new DomainError('CONFLICT', 'Another briefing already has this title and date.');
    }
    // Its readers may have changed: open sockets in its threads are re-checked at once.
    if (dto.visibility !== undefined || dto.groupIds !== undefined)
      await this.auth.briefingAccessChanged(row.id);
    if (dto.visibility !== undefined || dto.groupIds !== undefined)
      await this.audit?.record({
        actorId: auth.user.id,
        action: 'briefing.visibility_changed',
        targetType: 'briefing',
        targetId: row.id,
        details: {
          title: row.title,
          from: { visibility: row.visibility, groupIds: row.groups.map((group) => group.id) },
          to: { visibility, groupIds: visibility === 'team' ? [] : effectiveGroups },
        },
      });
    return this.get(auth, row.id);
  }

  /** How much discussion a deletion would take with it (for the confirmation step). */
  async remove(auth: AuthContext, id: string): Promise<void> {
    const row = await this.briefings.findVisible(auth, id);
    if (!row) throw notFound();
    await this.briefings.delete(row.id);
    await this.audit?.record({
      actorId: auth.user.id,
      action: 'briefing.deleted',
      targetType: 'briefing',
      targetId: row.id,
      details: { title: row.title, publishedOn: row.publishedOn },
    });
  }

  private async readDocument(request: ImportRequest): Promise<ImportDocument> {
    const mediaType = request.contentType?.split(';')[0]?.trim().toLowerCase();
    const rawFormat = mediaType ? RAW_IMPORT_TYPES[mediaType] : undefined;
    if (rawFormat) {
      // Bytes are measured as sent (a 1 MB windows-1251 page is 1 MB), then decoded.
      const content = Buffer.isBuffer(request.body)
        ? decodeDocument(checkByteSize(request.body), request.contentType)
        : typeof request.body === 'string'
          ? checkSize(request.body)
          : undefined;
      if (content === undefined) throw unsupported();
      return {
        content,
        format: rawFormat === 'text' ? undefined : rawFormat,
        visibility: 'team',
        groupIds: [],
      };
    }
    if (mediaType === 'application/json' && Buffer.isBuffer(request.body)) {
      // Fetched JSON (a URL import): read as the posted JSON body would be.
      return this.readDocument({
        ...request,
        body: jsonBody(decodeDocument(checkByteSize(request.body), request.contentType)),
      });
    }
    if (
      mediaType !== 'application/json' ||
      typeof request.body !== 'object' ||
      request.body === null ||
      Array.isArray(request.body)
    ) {
      throw unsupported();
    }
    const body = request.body as Record<string, unknown>;
    if (!('content' in body) && ('sections' in body || 'briefings' in body)) {
      // A canonical briefing posted as JSON itself (integrations).
      return {
        content: checkSize(JSON.stringify(body)),
        format: 'json',
        visibility: 'team',
        groupIds: [],
      };
    }
    const dto = (await validationPipe().transform(body, {
      type: 'body',
      metatype: ImportBriefingDto,
    })) as ImportBriefingDto;
    return {
      publishedOn: dto.publishedOn,
      content: checkSize(dto.content),
      format: dto.format,
      visibility: dto.visibility ?? 'team',
      groupIds: dto.groupIds ?? [],
    };
  }

  /** Who a new briefing is for: checked before anything is parsed or stored. */
  private async checkAudience(
    auth: AuthContext | null,
    visibility: Visibility,
    groupIds: string[],
  ): Promise<void> {
    if (visibility === 'restricted' && groupIds.length === 0) throw groupsRequired();
    if (groupIds.length > 0) await this.checkGroups(auth, groupIds);
  }

  /**
   * The groups exist, and an editor belongs to each: restricting a briefing to a group one is not
   * in would hide it from its own importer. Admins and the operator (auth null) may name any group.
   */
  private async checkGroups(
    auth: AuthContext | null,
    groupIds: string[],
    alreadyAllowed: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const groups = await this.briefings.groupMembership(groupIds, auth?.user.id ?? null);
    if (groups.length !== new Set(groupIds).size) {
      throw new DomainError('VALIDATION_FAILED', 'groupIds names a group that does not exist.');
    }
    if (!auth || auth.role === 'admin') return;
    const foreign = groups
      .filter((group) => !group.member && !alreadyAllowed.has(group.id))
      .map((group) => group.id);
    if (foreign.length > 0) {
      throw new DomainError(
        'FORBIDDEN',
        'You can restrict a briefing only to groups you belong to.',
        { groupIds: foreign },
      );
    }
  }

  /** A briefing as its importer sees it; the operator (null) sees every briefing. */
  private async read(reader: Reader | null, id: string): Promise<BriefingDto> {
    const row = await this.briefings.findReadable(reader, id);
    if (!row) throw notFound();
    return toBriefingDto(row, await this.briefings.structure(row.id));
  }
}

function groupsRequired(): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    'A restricted briefing needs at least one group in groupIds.',
  );
}

function checkByteSize(bytes: Buffer): Buffer {
  if (bytes.length > MAX_BRIEFING_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', 'The document is larger than 2 MB.');
  }
  return bytes;
}

function checkSize(content: string): string {
  if (Buffer.byteLength(content, 'utf8') > MAX_BRIEFING_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', 'The document is larger than 2 MB.');
  }
  return content;
}

function unsupported(): DomainError {
  return new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the document as text/plain, text/markdown, text/html or an RSS/Atom feed, or as JSON {"content","format"}.',
  );
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No such briefing.');
}

/** Two imports racing for one free slug: the loser retries and picks the next one. */
async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    return work();
  }
}

const toFeedCursor = (cursor: { key: string; id: string } | undefined) =>
  cursor && { publishedOn: cursor.key, id: cursor.id };

function toBriefingDto(row: BriefingRow, structure: StructureRows): BriefingDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    series: row.series,
    publishedOn: row.publishedOn,
    author: row.author,
    readingMinutes: row.readingMinutes,
    tags: row.tags,
    summary: row.summary,
    visibility: row.visibility,
    groups: row.groups,
    sourceFormat: row.sourceFormat,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
    sections: structure.sections.map((section) => {
      const prompt = structure.prompts.find((candidate) => candidate.sectionId === section.id);
      return {
        id: section.id,
        position: section.position,
        heading: section.heading,
        kind: section.kind,
        body: section.body,
        items: structure.items
          .filter((item) => item.sectionId === section.id)
          .map((item) => ({
            id: item.id,
            position: item.position,
            title: item.title,
            body: item.body,
            url: item.url,
            links: item.links,
            threadId: item.threadId,
          })),
        discussion:
          prompt && prompt.threadId
            ? {
                id: prompt.id,
                prompt: prompt.prompt,
                threadId: prompt.threadId,
                commentCount: Number(prompt.commentCount),
                state: prompt.state ?? 'open',
              }
            : null,
      };
    }),
  };
}

function jsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('UNPARSEABLE_BRIEFING', 'The JSON document could not be read.', {
      reason: 'MALFORMED',
      missing: [],
    });
  }
}

/** Makes the relative links of a fetched document absolute against the address it came from. */
function resolveLinks(briefing: ParsedBriefing, base: string): void {
  const absolute = (link: string) => {
    if (!link.startsWith('/')) return link;
    try {
      return new URL(link, base).href;
    } catch {
      return link;
    }
  };
  for (const section of briefing.sections) {
    for (const item of section.items) {
      item.url = item.url && absolute(item.url);
      item.links = item.links.map(absolute);
    }
  }
}
