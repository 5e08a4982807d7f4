// @mentions while typing: what is being typed after an "@", and how a chosen person goes in.

/** The same shape the API recognises (comment-markdown.ts): "@" not glued to a word, a URL or an email. */
const TYPED_MENTION = /(^|[^\w@/])@([a-z0-9][a-z0-9._-]{0,63})$/i;

export interface MentionQuery {
  /** What follows the "@", e.g. "mi". */
  query: string;
  /** Where the "@" is. */
  start: number;
  /** The caret: the mention ends here. */
  end: number;
}

/** The mention being typed just before the caret, or null when the caret is not in one. */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const match = TYPED_MENTION.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] as string;
  return { query, start: caret - query.length - 1, end: caret };
}

/** The text with the typed mention replaced by `@handle `, and where the caret goes. */
export function insertMention(
  text: string,
  mention: MentionQuery,
  handle: string,
): { text: string; caret: number } {
  const inserted = `@${handle} `;
  const rest = text.slice(mention.end).replace(/^ /, '');
  return {
    text: text.slice(0, mention.start) + inserted + rest,
    caret: mention.start + inserted.length,
  };
}

/** Markdown that quotes `body`: each line behind "> ", then a blank line to write below. */
export function quoteOf(body: string): string {
  const lines = body.trim().split(/\r?\n/);
  return `${lines.map((line) => (line === '' ? '>' : `> ${line}`)).join('\n')}\n\n`;
}
