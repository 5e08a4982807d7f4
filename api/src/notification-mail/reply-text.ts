import EmailReplyParser from 'email-reply-parser';

/** A mail client's line introducing the quoted original ("On <date>, <name> wrote:", Outlook's separators). */
const HEADER_LINE = [
  /^\s*On\b.*\bwrote:\s*$/i,
  /^\s*-{3,}\s*Original Message\s*-{3,}\s*$/i,
  /^\s*_{20,}\s*$/,
];

const parser = new EmailReplyParser();

function headerAt(lines: string[], index: number): boolean {
  const line = lines[index];
  if (HEADER_LINE.some((pattern) => pattern.test(line))) return true;
  // "On …, Name <address>\nwrote:" wrapped over two lines
  const next = lines[index + 1] ?? '';
  return /^\s*On\b/i.test(line) && /\bwrote:\s*$/i.test(next) && !/^\s*>/.test(next);
}

/**
 * What the person wrote in a reply to a notification e-mail: everything above the reply header,
 * without the signature (email-reply-parser finds it) and without a quote left at the bottom
 * (the original, quoted without a header). Quote lines of their own above that (a Markdown
 * blockquote opening the reply, say) are kept, a blank line after each so Markdown ends it
 * there. Empty when nothing but quotes is left.
 */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const header = lines.findIndex((_, index) => headerAt(lines, index));
  const above = (header >= 0 ? lines.slice(0, header) : lines).join('\n');
  const fragments = parser
    .read(above)
    .getFragments()
    .filter((fragment) => !fragment.isHidden() && !fragment.isSignature())
    .map((fragment) => ({ quoted: fragment.isQuoted(), text: fragment.getContent().trimEnd() }))
    .filter((fragment) => fragment.text.trim());
  while (fragments.at(-1)?.quoted) fragments.pop();
  if (!fragments.some((fragment) => !fragment.quoted)) return '';
  return fragments
    .map((fragment) => fragment.text)
    .join('\n\n')
    .trim();
}
