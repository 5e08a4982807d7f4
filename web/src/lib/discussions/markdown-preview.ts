// A small Markdown subset for the composer's Preview tab. There is no preview endpoint, so the
// browser parses the draft itself, into nodes that a component renders as text and elements:
// no HTML string is ever built, so nothing typed can become markup. The posted comment is
// rendered by the server (CommonMark via markdown-it); this is a close, not exact, preview.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em' | 'del'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'rule' };

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'));
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  const startsBlock = (line: string) =>
    FENCE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    LIST_ITEM.test(line);

  while (index < lines.length) {
    const line = lines[index] as string;
    if (line.trim() === '') {
      index++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      index++;
      while (
        index < lines.length &&
        !(lines[index] as string).trim().startsWith(fence[1] as string)
      ) {
        code.push(lines[index] as string);
        index++;
      }
      index++; // the closing fence, if there is one
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = (heading[1] as string).length as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2] as string) });
      index++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      index++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (index < lines.length && QUOTE.test(lines[index] as string)) {
        quoted.push((lines[index] as string).replace(QUOTE, ''));
        index++;
      }
      blocks.push({ type: 'quote', blocks: parseBlocks(quoted) });
      continue;
    }
    const first = LIST_ITEM.exec(line);
    if (first) {
      const ordered = /\d/.test(first[1] as string);
      const items: string[] = [];
      while (index < lines.length) {
        const current = lines[index] as string;
        const item = LIST_ITEM.exec(current);
        if (item && /\d/.test(item[1] as string) === ordered) items.push(item[2] as string);
        else if (current.trim() !== '' && /^\s+/.test(current) && items.length > 0)
          items[items.length - 1] += `\n${current.trim()}`;
        else break;
        index++;
      }
      blocks.push({ type: 'list', ordered, items: items.map(parseInline) });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length) {
      const current = lines[index] as string;
      if (current.trim() === '' || (paragraph.length > 0 && startsBlock(current))) break;
      paragraph.push(current.trim());
      index++;
    }
    blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

const ESCAPABLE = /[\\`*_~[\]()#>+!.-]/;

export function parseInline(text: string): Inline[] {
  const nodes: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer !== '') nodes.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const char = rest[0] as string;
    const before = index === 0 ? '' : (text[index - 1] as string);
    let match: RegExpExecArray | null;

    if (char === '\\' && ESCAPABLE.test(rest[1] ?? '')) {
      buffer += rest[1];
      index += 2;
    } else if (char === '\n') {
      flush();
      nodes.push({ type: 'break' });
      index++;
    } else if ((match = /^(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.exec(rest))) {
      flush();
      nodes.push({ type: 'code', text: (match[2] as string).replace(/\n/g, ' ') });
      index += match[0].length;
    } else if ((match = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest)) && !/\w/.test(before)) {
      flush();
      nodes.push({ type: 'strong', children: parseInline(match[2] as string) });
      index += match[0].length;
    } else if ((match = /^~~(?=\S)([\s\S]*?\S)~~/.exec(rest))) {
      flush();
      nodes.push({ type: 'del', children: parseInline(match[1] as string) });
      index += match[0].length;
    } else if ((match = /^([*_])(?=\S)([\s\S]*?\S)\1(?!\w)/.exec(rest)) && !/\w/.test(before)) {
      flush();
      nodes.push({ type: 'em', children: parseInline(match[2] as string) });
      index += match[0].length;
    } else if ((match = /^\[([^\]\n]+)\]\(\s*([^)\s]+)\s*\)/.exec(rest))) {
      const href = safeHref(match[2] as string);
      if (href) {
        flush();
        nodes.push({ type: 'link', href, children: parseInline(match[1] as string) });
      } else {
        buffer += match[0];
      }
      index += match[0].length;
    } else {
      buffer += char;
      index++;
    }
  }
  flush();
  return nodes;
}

/** Links only to the web and to mail, like the server's sanitiser. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
