import { BriefingParseError } from './briefing-parse-error.js';
import { markupTooComplex } from './markup-shape.js';
import { PARSE_LIMITS } from './parse-limits.js';

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\u00B7\u00C0-\uFFFF-]*/y;
const ENTITY_DECLARATION = /<!ENTITY\b/u;

/** Declared entities are how "billion laughs" and external-entity (XXE) attacks start; no feed needs them. */
function entitiesRefused(): BriefingParseError {
  return new BriefingParseError(
    'MALFORMED',
    'The XML declares its own entities (<!ENTITY>), which are refused: a feed never needs them.',
  );
}

function skipPast(xml: string, from: number, marker: string, what: string): number {
  const end = xml.indexOf(marker, from);
  if (end === -1) throw new Error(`${what} is never closed`);
  return end + marker.length;
}

function nameAt(xml: string, index: number): string | null {
  NAME.lastIndex = index;
  return NAME.exec(xml)?.[0] ?? null;
}

/** Index just past the '>' of a tag starting at `from`, honouring quoted attribute values. */
function tagEnd(xml: string, from: number, name: string): number {
  let index = from;
  while (index < xml.length) {
    const char = xml[index];
    if (char === '"' || char === "'") {
      const close = xml.indexOf(char, index + 1);
      if (close === -1) break;
      index = close + 1;
    } else if (char === '>') {
      return index + 1;
    } else if (char === '<') {
      break;
    } else {
      index++;
    }
  }
  throw new Error(`the tag <${name}> is never closed`);
}

function checkTags(xml: string): void {
  const open: string[] = [];
  let elements = 0;
  let rootSeen = false;
  let index = 0;
  for (;;) {
    const lt = xml.indexOf('<', index);
    if (open.length === 0 && xml.slice(index, lt === -1 ? xml.length : lt).trim() !== '') {
      throw new Error('there is text outside the root element');
    }
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      index = skipPast(xml, lt + 4, '-->', 'a comment');
    } else if (xml.startsWith('<![CDATA[', lt)) {
      if (open.length === 0) throw new Error('a CDATA section sits outside the root element');
      index = skipPast(xml, lt + 9, ']]>', 'a CDATA section');
    } else if (xml.startsWith('<?', lt)) {
      index = skipPast(xml, lt + 2, '?>', 'a processing instruction');
    } else if (xml.startsWith('<!', lt)) {
      const close = skipPast(xml, lt + 2, '>', 'the DOCTYPE');
      const subset = xml.slice(lt, close).indexOf('[');
      index = subset === -1 ? close : skipPast(xml, lt + subset, ']>', 'the DOCTYPE');
      if (ENTITY_DECLARATION.test(xml.slice(lt, index))) throw entitiesRefused();
    } else if (xml[lt + 1] === '/') {
      const name = nameAt(xml, lt + 2);
      if (!name) throw new Error('a closing tag has no name');
      index = skipPast(xml, lt + 2 + name.length, '>', `the closing tag </${name}>`);
      const expected = open.pop();
      if (expected !== name) {
        throw new Error(expected ? `</${name}> closes <${expected}>` : `</${name}> closes nothing`);
      }
    } else {
      const name = nameAt(xml, lt + 1);
      if (!name) throw new Error("a '<' starts no tag");
      if (open.length === 0 && rootSeen) throw new Error('there is more than one root element');
      rootSeen = true;
      index = tagEnd(xml, lt + 1 + name.length, name);
      if (++elements > PARSE_LIMITS.markupElements) throw markupTooComplex('markupElements');
      if (xml[index - 2] !== '/') open.push(name);
      if (open.length > PARSE_LIMITS.markupDepth) throw markupTooComplex('markupDepth');
    }
  }
  if (open.length > 0) throw new Error(`<${open.at(-1)}> is never closed`);
  if (!rootSeen) throw new Error('there is no root element');
}

/**
 * Why the XML is not well-formed, or null when it is. The feed parser reads broken XML leniently, so a
 * truncated or mangled feed is caught here first (tags, comments, CDATA; entity references are not
 * checked). XML nested or sized past PARSE_LIMITS throws TOO_COMPLEX, and XML declaring entities
 * MALFORMED, before any parser reads it.
 */
export function xmlProblem(xml: string): string | null {
  try {
    checkTags(xml);
    return null;
  } catch (error) {
    if (error instanceof BriefingParseError) throw error;
    return error instanceof Error ? error.message : String(error);
  }
}
