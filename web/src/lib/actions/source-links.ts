// One-click follow-ups: the addresses that open the create forms pre-filled from their source
// (`/actions/new?link=item:<id>&quote=…`), reading those addresses back, and where a link points.
import { LINK_TYPES, type Link, type LinkType, type ResolvedLink } from '$lib/api/types';
import { markdownToPlainText } from '$lib/markdown/plain-text';
import { isUuid } from '$lib/uuid';

/** Quotes longer than this are cut (with "…") so the address stays a sensible length. */
export const QUOTE_MAX_LENGTH = 1_000;
const MAX_LINKS = 10;

export function linkParam(link: Link): string {
  return `${link.type}:${link.id}`;
}

/** `item:<uuid>` → a link; anything else → null. */
export function parseLinkParam(value: string): Link | null {
  const [type, id, ...rest] = value.trim().split(':');
  if (rest.length > 0 || !type || !id) return null;
  if (!(LINK_TYPES as readonly string[]).includes(type) || !isUuid(id)) return null;
  return { type: type as LinkType, id: id.toLowerCase() };
}

/** Every valid, distinct `link` parameter (at most ten). */
export function linksFromParams(params: URLSearchParams, name = 'link'): Link[] {
  const links: Link[] = [];
  for (const value of params.getAll(name)) {
    const link = parseLinkParam(value);
    if (link && !links.some((l) => l.type === link.type && l.id === link.id)) links.push(link);
  }
  return links.slice(0, MAX_LINKS);
}

export function clipQuote(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > QUOTE_MAX_LENGTH
    ? `${trimmed.slice(0, QUOTE_MAX_LENGTH - 1).trimEnd()}…`
    : trimmed;
}

/** `text` as a Markdown block quote, followed by a blank line to write under it. */
export function markdownQuote(text: string): string {
  const lines = text.trim().replace(/\r\n?/g, '\n').split('\n');
  return lines.length === 1 && lines[0] === ''
    ? ''
    : `${lines.map((line) => (line.trim() === '' ? '>' : `> ${line}`)).join('\n')}\n\n`;
}

/** Longer first sentences are cut at a word (with "…"): a title, not a paragraph. */
export const TITLE_FROM_QUOTE_MAX = 120;

/**
 * An action's title from the text it came from (a comment): the first sentence of its first
 * paragraph, without Markdown markup, skipping what it quotes, trimmed. Empty without words.
 */
export function titleFromQuote(text: string | null | undefined): string {
  const source = (text ?? '').replace(/\r\n?/g, '\n');
  // What the comment itself says comes first: lines it quotes from others are skipped (if any remain).
  const own = source
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
  const paragraphs = (own.trim() ? own : source)
    .split(/\n\s*\n/)
    .map((paragraph) => markdownToPlainText(paragraph).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const first = paragraphs[0] ?? '';
  if (!first) return '';
  const end = first.search(/[.!?](?=\s|$)/u);
  const sentence = (end === -1 ? first : first.slice(0, end + (first[end] === '.' ? 0 : 1))).trim();
  if (sentence.length <= TITLE_FROM_QUOTE_MAX) return sentence;
  const room = sentence.slice(0, TITLE_FROM_QUOTE_MAX - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > TITLE_FROM_QUOTE_MAX / 2 ? room.slice(0, space) : room).replace(/[\s,;:]+$/, '')}…`;
}

/** The create-action form, pre-filled with links to the source and a quote of it. */
export function newActionHref(links: Link[], quote?: string | null): string {
  const params = new URLSearchParams();
  for (const link of links) params.append('link', linkParam(link));
  if (quote?.trim()) params.set('quote', clipQuote(quote));
  return `/actions/new?${params}`;
}

/** The propose-decision form, pre-filled from a thread (and one of its comments). */
export function newDecisionHref(source: {
  threadId: string;
  commentId?: string | null;
  quote?: string | null;
}): string {
  const params = new URLSearchParams({ threadId: source.threadId });
  if (source.commentId) params.set('commentId', source.commentId);
  if (source.quote?.trim()) params.set('quote', clipQuote(source.quote));
  return `/decisions/new?${params}`;
}

export const LINK_TYPE_LABELS: Record<LinkType, string> = {
  briefing: 'Briefing',
  item: 'Briefing item',
  discussion: 'Discussion',
  comment: 'Comment',
  decision: 'Decision',
  action: 'Action',
};

/**
 * Where a link leads, or null when the page cannot tell. The API names only the target, so an
 * item is found through the briefing and a comment through the thread linked beside it (the
 * one-click forms link both).
 */
export function linkHref(link: Link, siblings: readonly Link[]): string | null {
  const only = (type: LinkType) => {
    const found = siblings.filter((sibling) => sibling.type === type);
    return found.length === 1 ? (found[0] as Link).id : null;
  };
  const id = encodeURIComponent(link.id);
  switch (link.type) {
    case 'briefing':
      return `/briefings/${id}`;
    case 'discussion':
      return `/threads/${id}`;
    case 'decision':
      return `/decisions/${id}`;
    case 'action':
      return `/actions/${id}`;
    case 'item': {
      const briefing = only('briefing');
      return briefing ? `/briefings/${encodeURIComponent(briefing)}#item-${id}` : null;
    }
    case 'comment': {
      const thread = only('discussion');
      return thread ? `/threads/${encodeURIComponent(thread)}#comment-${id}` : null;
    }
  }
}

/** Links in reading order: where it came from first (briefing, item, discussion, comment), then the rest. */
export function sortLinks<T extends Link>(links: readonly T[]): T[] {
  return [...links].sort((a, b) => LINK_TYPES.indexOf(a.type) - LINK_TYPES.indexOf(b.type));
}

export type { ResolvedLink };
