// Shapes of the briefings and groups API, as documented in docs/api-briefings.md.
import type { IsoDateTime } from './auth';

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

/** `team`: everyone signed in; `restricted`: members of the briefing's groups (and admins). */
export type Visibility = 'team' | 'restricted';

/** `items`: news items, maybe a discussion prompt; `takeaway`: prose; `related`: further reading. */
export type SectionKind = 'items' | 'takeaway' | 'related';

/** What an imported document was; without one the API detects it. */
export type SourceFormat = 'text' | 'markdown' | 'html' | 'json' | 'feed';

export const SOURCE_FORMATS: readonly SourceFormat[] = ['text', 'markdown', 'html', 'json', 'feed'];

export type ThreadState = 'open' | 'converging' | 'resolved';

/** A group as a briefing names it. */
export interface GroupRef {
  id: string;
  name: string;
}

/** A group as `GET /groups` and the admin routes list it. */
export interface Group extends GroupRef {
  memberCount: number;
}

export interface BriefingItem {
  id: string;
  position: number;
  /** Never ends in a period. */
  title: string;
  body: string | null;
  url: string | null;
  /** Set when someone opened a discussion on this item. */
  threadId: string | null;
}

export interface DiscussionPrompt {
  id: string;
  prompt: string;
  threadId: string;
  commentCount: number;
  state: ThreadState;
}

export interface BriefingSection {
  id: string;
  position: number;
  heading: string;
  kind: SectionKind;
  /** Prose of a takeaway, or the intro paragraphs of an items section; plain text. */
  body: string | null;
  items: BriefingItem[];
  discussion: DiscussionPrompt | null;
}

/** The canonical briefing (`GET /briefings/:idOrSlug`, import and edit answers). */
export interface Briefing {
  id: string;
  slug: string;
  title: string;
  series: string | null;
  publishedOn: IsoDate;
  author: string | null;
  readingMinutes: number | null;
  tags: string[];
  summary: string | null;
  visibility: Visibility;
  groups: GroupRef[];
  sourceFormat: SourceFormat;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  /** When the caller last read it, or null if never. */
  readAt: IsoDateTime | null;
  sections: BriefingSection[];
}

/** A feed entry. */
export interface BriefingSummary {
  id: string;
  slug: string;
  title: string;
  series: string | null;
  publishedOn: IsoDate;
  author: string | null;
  readingMinutes: number | null;
  tags: string[];
  summary: string | null;
  visibility: Visibility;
  promptCount: number;
  commentCount: number;
  unread: boolean;
}

export interface BriefingFeedQuery {
  cursor?: string;
  /** 1 to 100; the API defaults to 20. */
  limit?: number;
  series?: string;
  tag?: string;
}

export interface BriefingFeedPage {
  briefings: BriefingSummary[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface TagCount {
  name: string;
  count: number;
}

/** The series and tags found across the briefings the caller may read. */
export interface BriefingFilters {
  series: string[];
  tags: TagCount[];
}

/** A document to parse: what `POST /briefings/preview` takes. */
export interface BriefingDocument {
  content: string;
  format?: SourceFormat;
}

/** A document to store, and who may read it: what `POST /briefings/import` takes (as JSON). */
export interface BriefingImport extends BriefingDocument {
  visibility?: Visibility;
  groupIds?: string[];
}

/** A briefing as the parser understood it, before it has ids or threads. */
export interface ParsedBriefing {
  title: string;
  slug: string;
  series: string | null;
  publishedOn: IsoDate;
  author: string | null;
  readingMinutes: number | null;
  tags: string[];
  summary: string | null;
  sections: ParsedSection[];
}

export interface ParsedSection {
  heading: string;
  kind: SectionKind;
  body: string | null;
  items: ParsedItem[];
  discussion: { prompt: string } | null;
}

export interface ParsedItem {
  title: string;
  body: string | null;
  url: string | null;
}

/** What an import did: `created` on 201, `updated` on 200 (same title and date seen before). */
export interface ImportOutcome {
  outcome: 'created' | 'updated';
  /** One briefing, or several when the document held several (a feed, a JSON array). */
  briefings: Briefing[];
}

/** `PATCH /briefings/:id`: only the fields to change. */
export interface BriefingPatch {
  title?: string;
  series?: string | null;
  author?: string | null;
  summary?: string | null;
  readingMinutes?: number | null;
  publishedOn?: IsoDate;
  tags?: string[];
  visibility?: Visibility;
  groupIds?: string[];
}

/** `details` of a `422 UNPARSEABLE_BRIEFING`. */
export interface UnparseableBriefingDetails {
  reason: string;
  /** Parts the document lacked, named as in the canonical briefing: `title`, `publishedOn`, `sections`. */
  missing: string[];
}
