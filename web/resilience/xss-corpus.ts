// The XSS corpus and the documents that carry it into Briefroom in every import format.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The corpora, comma-separated: JSON arrays of `{ title, payload }` objects or strings, or text
 * files of one payload per line. By default DOMPurify's suite and payloadbox's list (fixtures/README.md).
 */
const payloadFiles = (
  process.env.XSS_PAYLOADS_FILE ??
  ['fixtures/dompurify-payloads.json', 'fixtures/payloadbox-xss-payload-list.txt']
    .map((file) => resolve(import.meta.dirname, file))
    .join(',')
)
  .split(',')
  .map((file) => file.trim())
  .filter(Boolean);

/**
 * How many payloads each line-per-payload corpus gives, evenly spread over the file (the same ones
 * every run): 300 keeps CI's sweep to minutes; `XSS_CORPUS_SAMPLE=0` takes every line.
 */
const sampleSize = Number(process.env.XSS_CORPUS_SAMPLE ?? 300);

function evenlySpread<T>(all: T[], size: number): T[] {
  if (!(size > 0) || size >= all.length) return all;
  return Array.from({ length: size }, (_, i) => all[Math.floor((i * all.length) / size)]!);
}

function readCorpus(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.json')) {
    return evenlySpread(
      text.split('\n').filter((line) => line.trim() !== ''),
      sampleSize,
    );
  }
  const corpus = JSON.parse(text) as unknown[];
  return corpus.map((entry) =>
    typeof entry === 'string'
      ? entry
      : typeof entry === 'object' && entry !== null && 'payload' in entry
        ? String(entry.payload)
        : '',
  );
}

/** Every corpus in order, each payload once. */
function readPayloads(): string[] {
  const payloads = payloadFiles.flatMap(readCorpus).filter((payload) => payload.trim() !== '');
  return [...new Set(payloads)];
}

export const PAYLOADS = readPayloads();
/** HTML, feed entries, action and decision bundles carry this many payloads each. */
export const CHUNK = 75;
/** A word no payload contains, next to private-use and control characters that once forged <mark>. */
export const FORGE_WORD = 'snippetforge';
export const FORGING_COMMENT = `\uE000forged\uE001 \u0001</mark> ${FORGE_WORD} <img src=x onerror=alert('forged')>`;

export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const xml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
export const chunks = <T>(list: T[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, (i + 1) * size),
  );

/** The payloads as Markdown texts of at most `maxChars` each (decision statements take 10,000). */
export function bundles(maxChars = 9_000): string[] {
  const texts: string[] = [];
  let current = '';
  for (const payload of PAYLOADS) {
    const next = current ? `${current}\n\n${payload}` : payload;
    if (next.length > maxChars && current) {
      texts.push(current);
      current = payload;
    } else {
      current = next;
    }
  }
  return current ? [...texts, current] : texts;
}

export function textDocument(): string {
  const lines = PAYLOADS.map(oneLine);
  return [
    'XSS corpus as text: March 1, 2026',
    'March 1, 2026 By The Red Team 3 min read',
    'Payloads as items',
    ...lines.map((line) => `• ${line}`),
    `Discussion: Which of these runs? ${lines[0]}`,
    'Payloads as paragraphs',
    ...lines,
    'CTO Takeaway',
    lines.join(' '),
  ].join('\n\n');
}

export function markdownDocument(): string {
  const lines = PAYLOADS.map(oneLine);
  return [
    '---',
    `title: ${JSON.stringify('XSS corpus as Markdown')}`,
    'date: 2026-03-02',
    `author: ${JSON.stringify('The Red Team')}`,
    `summary: ${JSON.stringify(lines[1])}`,
    '---',
    '## Payloads as items',
    lines.map((line) => `- ${line}`).join('\n'),
    `**Discussion:** Which of these runs? ${lines[0]}`,
    '## Payloads as HTML blocks',
    ...PAYLOADS.map((payload) => payload.replace(/\n\s*\n/g, '\n')),
    '## Payloads as links',
    lines.map((line, i) => `- [${line}](javascript:alert(${i})) then text`).join('\n'),
  ].join('\n\n');
}

export function htmlDocument(part: string[], index: number): string {
  return `<!doctype html><html><head><title>XSS corpus as HTML ${index + 1}</title>
<meta name="description" content="${xml(part[0]!)}"></head><body><article>
<h1>XSS corpus as HTML ${index + 1}</h1><p>March ${3 + index}, 2026 By The Red Team</p>
<h2>Payloads as items</h2><ul>${part.map((payload) => `<li>${payload}</li>`).join('\n')}</ul>
<p><strong>Discussion:</strong> Which of these runs? ${part[0]}</p>
<h2>Payloads as blocks</h2>${part.map((payload) => `<div>${payload}</div>`).join('\n')}
</article></body></html>`;
}

/** The body of a feed entry: an HTML fragment with the payloads as items and a prompt. */
const entryHtml = (part: string[], index: number) =>
  `<h2>Payloads ${index + 1}</h2><ul>${part.map((payload) => `<li>${payload}</li>`).join('')}</ul>` +
  `<p><strong>Discussion:</strong> Which of these runs? ${part[0]}</p>`;

export function rssDocument(): string {
  const items = chunks(PAYLOADS, CHUNK).map(
    (
      part,
      i,
    ) => `<item><title>XSS corpus from RSS ${i + 1} ${xml(oneLine(part[1]!).slice(0, 120))}</title>
<link>javascript:alert(${i})</link><pubDate>${new Date(Date.UTC(2026, 3, 1 + i, 9)).toUTCString()}</pubDate>
<dc:creator>${xml(oneLine(part[2]!).slice(0, 60))}</dc:creator>
<description>${xml(entryHtml(part, i))}</description></item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>XSS feed</title>
<link>https://feeds.example.com/</link><description>Hostile entries</description>
${items.join('\n')}</channel></rss>`;
}

export function atomDocument(): string {
  const entries = chunks(PAYLOADS, CHUNK).map(
    (
      part,
      i,
    ) => `<entry><title type="html">${xml(`XSS corpus from Atom ${i + 1} ${oneLine(part[3]!).slice(0, 120)}`)}</title>
<id>urn:xss:${i}</id><updated>2026-05-0${1 + i}T09:00:00Z</updated>
<link href="javascript:alert(${i})"/><author><name>The Red Team</name></author>
<content type="html">${xml(entryHtml(part, i))}</content></entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>XSS feed</title><id>urn:xss</id>
<updated>2026-05-01T09:00:00Z</updated>${entries.join('\n')}</feed>`;
}

export function canonicalJson(): unknown {
  return {
    title: 'XSS corpus as JSON',
    publishedOn: '2026-06-01',
    author: oneLine(PAYLOADS[4]!).slice(0, 100),
    summary: PAYLOADS[5],
    tags: ['xss'],
    sections: [
      {
        heading: oneLine(PAYLOADS[6]!).slice(0, 100),
        kind: 'items',
        items: PAYLOADS.map((payload, i) => ({
          title: oneLine(payload).slice(0, 200),
          body: payload,
          url: i % 2 ? `javascript:alert(${i})` : `java\tscript:alert(${i})`,
        })),
        discussion: { prompt: `Which of these runs? ${PAYLOADS[7]}` },
      },
      { heading: 'CTO Takeaway', kind: 'takeaway', body: PAYLOADS.join('\n\n'), items: [] },
      {
        heading: 'Related Content',
        kind: 'related',
        items: PAYLOADS.slice(0, 20).map((payload) => ({
          title: oneLine(payload).slice(0, 200),
          body: payload,
          url: 'data:text/html,<script>alert(1)</script>',
        })),
      },
    ],
  };
}
