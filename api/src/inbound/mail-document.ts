import { createHash } from 'node:crypto';
import EmailForwardParser from 'email-forward-parser';

/** What an e-mail imports as: one document, plus what the mail itself says when the document does not. */
export interface MailDocument {
  contentType: 'text/html; charset=utf-8' | 'text/plain; charset=utf-8';
  content: string;
  /** The Message-ID (or, without one, a hash of the whole message): a re-delivery imports once. */
  messageId: string;
  /** The newsletter's own subject, without Fwd:/Fw:; the title when the document states none. */
  title: string | undefined;
  /** YYYY-MM-DD of the newsletter (the forwarded one's when forwarded); the date when the document states none. */
  publishedOn: string | undefined;
}

/** Thrown when a mail holds nothing to import; its message goes back to the sender. */
export class UnreadableMailError extends Error {
  override readonly name = 'UnreadableMailError';
}

/** Forward detection runs on the top of the text only: the forwarding header sits there, and its regular expressions stay cheap. */
const FORWARD_HEADER_WINDOW = 16 * 1024;
/** HTML longer than this is not turned into text for forward detection (the HTML itself still imports). */
const MAX_HTML_TO_TEXT = 2 * 1024 * 1024;
/** The slice of linkedom's DOM used here; its typings lean on lib.dom, which the api does not load. */
interface MailNode {
  readonly previousSibling: MailNode | null;
  remove(): void;
}
interface MailElement extends MailNode {
  readonly parentElement: MailElement | null;
  readonly innerHTML: string;
  textContent: string | null;
  appendChild(child: MailElement): void;
}
interface MailHtml {
  readonly title: string | undefined;
  readonly head: MailElement | null;
  querySelector(selector: string): MailElement | null;
  createElement(name: string): MailElement;
  toString(): string;
}
type ParseMailHtml = (html: string) => MailHtml;

/** linkedom's parser, loaded with the first HTML message (e-mail in is often off). */
async function mailHtmlParser(): Promise<ParseMailHtml> {
  const { parseHTML } = await import('linkedom');
  return (html) => (parseHTML(html) as unknown as { document: MailHtml }).document;
}

const FORWARD_PREFIX = /^\s*(?:(?:fwd?|fw)\s*:\s*)+/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Reads a raw message: its HTML part, else its text part, without a forwarding wrapper where one is recognised. */
export async function readMail(raw: Buffer): Promise<MailDocument> {
  // Loaded with the first message (~130 ms of every start otherwise, for a feature often off).
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, {
    keepCidLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    checksumAlgo: false,
    maxHtmlLengthToParse: MAX_HTML_TO_TEXT,
  });
  const html = typeof mail.html === 'string' && mail.html.trim() ? mail.html : undefined;
  const text = mail.text?.trim() ? mail.text : undefined;
  if (!html && !text) {
    throw new UnreadableMailError(
      'The message has no HTML or text part to import (attachments are not imported).',
    );
  }
  const forward = text ? forwardedHeader(text, mail.subject) : undefined;
  const title =
    stripForwardPrefix(forward?.subject ?? undefined) ?? stripForwardPrefix(mail.subject);
  const publishedOn =
    calendarDate(forward?.date ?? undefined) ?? headerDate(mail.headerLines) ?? isoDate(mail.date);
  const messageId =
    mail.messageId?.trim().slice(0, 998) ||
    `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  if (html) {
    const parse = await mailHtmlParser();
    return {
      contentType: 'text/html; charset=utf-8',
      content: withTitle(withoutForwardWrapper(html, parse), title, parse),
      messageId,
      title,
      publishedOn,
    };
  }
  return {
    contentType: 'text/plain; charset=utf-8',
    content: forward?.body ? forwardedText(text as string, forward.body) : (text as string),
    messageId,
    title,
    publishedOn,
  };
}

interface ForwardHeader {
  subject: string | null;
  date: string | null | undefined;
  body: string | undefined;
}

function forwardedHeader(text: string, subject: string | undefined): ForwardHeader | undefined {
  const result = new EmailForwardParser().read(text.slice(0, FORWARD_HEADER_WINDOW), subject);
  if (!result.forwarded) return undefined;
  return { subject: result.email.subject, date: result.email.date, body: result.email.body };
}

/** The forwarded message from where its body starts (found by its opening, as the header was read from the top only). */
function forwardedText(text: string, bodyFromWindow: string): string {
  const opening = bodyFromWindow.trim().slice(0, 200);
  const start = opening ? text.indexOf(opening) : -1;
  return start >= 0 ? text.slice(start) : text;
}

export function stripForwardPrefix(subject: string | undefined): string | undefined {
  const title = subject?.replace(FORWARD_PREFIX, '').trim();
  return title || undefined;
}

/**
 * Gmail and Outlook mark the block they put above a forwarded message ("---------- Forwarded
 * message ---------", From:, Date:, …); it is removed, with the forwarder's own note above it.
 */
export function withoutForwardWrapper(html: string, parse: ParseMailHtml): string {
  const document = parse(html);
  const gmailHeader = document.querySelector('.gmail_quote > .gmail_attr');
  const outlookHeader = document.querySelector('#divRplyFwdMsg');
  if (!gmailHeader && !outlookHeader) return html;
  if (gmailHeader) {
    const quote = gmailHeader.parentElement;
    gmailHeader.remove();
    if (quote) return quote.innerHTML;
  }
  if (outlookHeader) {
    // Outlook: the note, an <hr>, the header block, then the message as siblings.
    let before = outlookHeader.previousSibling;
    while (before) {
      const previous = before.previousSibling;
      before.remove();
      before = previous;
    }
    outlookHeader.remove();
  }
  return document.toString();
}

/** The subject becomes the page title when the HTML has none, so the import has a title to fall back on. */
function withTitle(html: string, title: string | undefined, parse: ParseMailHtml): string {
  if (!title) return html;
  const document = parse(html);
  if (document.title?.trim()) return html;
  const element = document.createElement('title');
  element.textContent = title;
  // linkedom invents no <head> for a fragment: one is only written into a whole document.
  if (/<head[\s>]/i.test(html) && document.head) {
    document.head.appendChild(element);
    return document.toString();
  }
  return `<title>${element.innerHTML}</title>\n${html}`;
}

/** The calendar date as the sender wrote it in the Date header (its own time zone, not UTC). */
function headerDate(lines: ReadonlyArray<{ key: string; line: string }>): string | undefined {
  const line = lines.find((header) => header.key === 'date')?.line;
  return line ? calendarDate(line.slice(line.indexOf(':') + 1)) : undefined;
}

/** YYYY-MM-DD from "7 May 2026", "May 7, 2026" or "2026-05-07" anywhere in the text. */
export function calendarDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const patterns: Array<[RegExp, (match: RegExpExecArray) => string | undefined]> = [
    [
      /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g,
      (m) => valid(Number(m[1]), Number(m[2]), Number(m[3])),
    ],
    [
      /\b(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/g,
      (m) => valid(Number(m[3]), month(m[2]), Number(m[1])),
    ],
    [
      /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/g,
      (m) => valid(Number(m[3]), month(m[1]), Number(m[2])),
    ],
  ];
  for (const [pattern, read] of patterns) {
    for (const match of text.slice(0, 1000).matchAll(pattern)) {
      const date = read(match);
      if (date) return date;
    }
  }
  return undefined;
}

function month(name: string | undefined): number {
  return MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1;
}

function valid(year: number, monthNumber: number, day: number): string | undefined {
  if (monthNumber < 1) return undefined;
  const date = new Date(Date.UTC(year, monthNumber - 1, day));
  if (date.getUTCMonth() !== monthNumber - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

function isoDate(date: Date | undefined): string | undefined {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : undefined;
}
