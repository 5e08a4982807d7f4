import { createHash } from 'node:crypto';
import { decodeXML } from 'entities';
import { Parser } from 'htmlparser2';
import { decodeDocument } from '../briefings/parsing/decode-document.js';

/** One entry of a feed, as the bytes the feed sent, with the id that stays the same across polls. */
export interface FeedEntryBytes {
  guid: string;
  bytes: Buffer;
}

export interface SplitFeed {
  title: string | null;
  /** In document order (most feeds put the newest first). */
  entries: FeedEntryBytes[];
  /** The Content-Type to import an entry's document with (charset kept, or UTF-8 after transcoding). */
  contentType: string;
  /** A one-entry feed: the feed's header and footer around that entry, charset and namespaces kept. */
  documentOf(entry: FeedEntryBytes): Buffer;
}

const MAX_ENTRIES = 500;
const MAX_GUID_LENGTH = 500;
const ROOTS = new Set(['rss', 'rdf', 'feed']);
const ENTRY_PARENTS = new Set(['channel', 'rdf', 'feed']);
const ENTRIES = new Set(['item', 'entry']);
const ID_FIELDS = ['guid', 'id', 'about', 'link'] as const;
type IdField = (typeof ID_FIELDS)[number];

/** The name without its namespace prefix (`a:entry` is Atom's `entry`). */
const local = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();

function stableId(raw: string): string {
  return raw.length <= MAX_GUID_LENGTH
    ? raw
    : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** UTF-16 (by its BOM) cannot be cut by byte offsets read as Latin-1: it is transcoded to UTF-8 first. */
function asciiCompatible(
  bytes: Buffer,
  contentType: string,
): { bytes: Buffer; contentType: string } {
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : null;
  if (!encoding) return { bytes, contentType };
  const text = new TextDecoder(encoding)
    .decode(bytes)
    .replace(/^(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2/u, '$1$2UTF-8$2');
  const mediaType = contentType.split(';')[0]?.trim() || 'application/xml';
  return { bytes: Buffer.from(text, 'utf8'), contentType: `${mediaType}; charset=utf-8` };
}

/**
 * Cuts an RSS (0.9x, 1.0, 2.0) or Atom feed into its entries without re-serialising anything:
 * the bytes are scanned as Latin-1 (one character per byte, so offsets are byte offsets and any
 * ASCII-compatible charset keeps its tags), and each entry is kept with the feed's own header and
 * footer, so it imports exactly as it would inside the whole feed. An entry is known by its RSS
 * guid, Atom id, RDF about or link, else by a hash of its bytes. Null when the document is no feed.
 */
export function splitFeed(raw: Buffer, rawContentType: string): SplitFeed | null {
  const { bytes, contentType } = asciiCompatible(raw, rawContentType);
  const text = bytes.toString('latin1');
  const stack: string[] = [];
  const entries: Array<{ start: number; end: number; ids: Partial<Record<IdField, string>> }> = [];
  let root: string | undefined;
  let entry: { start: number; depth: number; ids: Partial<Record<IdField, string>> } | null = null;
  let capture: { field: IdField | 'title'; depth: number; text: string } | null = null;
  let titleRange: { start: number; end: number } | null = null;

  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        const tag = local(name);
        const depth = stack.length;
        if (depth === 0) root = tag;
        if (!entry && ENTRIES.has(tag) && ENTRY_PARENTS.has(stack.at(-1) ?? '')) {
          if (entries.length < MAX_ENTRIES) {
            const about = attributes['rdf:about'] ?? attributes.about;
            entry = { start: parser.startIndex, depth, ids: about ? { about } : {} };
          }
        } else if (entry && depth === entry.depth + 1) {
          const rel = attributes.rel?.toLowerCase();
          if (tag === 'link' && attributes.href && (!rel || rel === 'alternate'))
            entry.ids.link ??= attributes.href;
          if ((tag === 'guid' || tag === 'id' || tag === 'link') && !entry.ids[tag])
            capture = { field: tag, depth, text: '' };
        } else if (
          !entry &&
          !titleRange &&
          tag === 'title' &&
          ENTRY_PARENTS.has(stack.at(-1) ?? '')
        ) {
          titleRange = { start: parser.endIndex + 1, end: -1 };
          capture = { field: 'title', depth, text: '' };
        }
        stack.push(tag);
      },
      ontext(value) {
        if (capture) capture.text += value;
      },
      onclosetag() {
        stack.pop();
        if (capture && stack.length === capture.depth) {
          if (capture.field === 'title') {
            if (titleRange) titleRange.end = parser.startIndex;
          } else if (entry && capture.text.trim() !== '') {
            entry.ids[capture.field] ??= capture.text.trim();
          }
          capture = null;
        }
        if (entry && stack.length === entry.depth) {
          entries.push({ start: entry.start, end: parser.endIndex + 1, ids: entry.ids });
          entry = null;
        }
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.end(text);
  if (!root || !ROOTS.has(root)) return null;

  const first = entries[0];
  const last = entries.at(-1);
  const head = bytes.subarray(0, first?.start ?? 0);
  const tail = bytes.subarray(last?.end ?? bytes.length);
  const split = entries.map(({ start, end, ids }) => {
    const slice = bytes.subarray(start, end);
    const id = ID_FIELDS.map((field) => ids[field]).find((value) => value !== undefined);
    return {
      // Read as Latin-1, a non-ASCII id is not the text the feed meant, but it is the same at every poll.
      guid: id
        ? stableId(decodeXML(id))
        : `sha256:${createHash('sha256').update(slice).digest('hex')}`,
      bytes: slice,
    };
  });
  return {
    title: titleOf(bytes, contentType, titleRange),
    entries: split,
    contentType,
    documentOf: (one) => Buffer.concat([head, one.bytes, tail]),
  };
}

/** The feed's title, decoded as the whole feed would be (its header carries the XML declaration). */
function titleOf(
  bytes: Buffer,
  contentType: string,
  range: { start: number; end: number } | null,
): string | null {
  if (!range || range.end < range.start) return null;
  const header = decodeDocument(bytes.subarray(0, range.start), contentType);
  const title = decodeDocument(bytes.subarray(0, range.end), contentType)
    .slice(header.length)
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/gu, '$1')
    .replace(/<[^>]*>/gu, '');
  const text = decodeXML(title).replace(/\s+/gu, ' ').trim();
  return text === '' ? null : text.slice(0, 300);
}
