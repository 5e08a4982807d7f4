/** How far into the document an XML declaration or `<meta charset>` is looked for (HTML's prescan reads 1 KB; pages often put it later). */
const DECLARATION_WINDOW = 4096;
const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/iu;
const XML_ENCODING = /^\s*<\?xml\s[^>]{0,300}?\bencoding\s*=\s*["']([^"']{1,40})["']/u;
const META_CHARSET = /<meta\b[^>]{0,1024}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})/iu;
const LATIN1 = new TextDecoder('windows-1252');
/** C1 controls are never text: they are windows-1252 punctuation converted as if it were Latin-1. */
const C1_CONTROL = /[\u0080-\u009f]/gu;
/**
 * windows-1252 at 0x80–0x9F (five bytes are unassigned and stay controls). Node 20's TextDecoder
 * decodes windows-1252 as ISO-8859-1 there, so its output goes through this table too.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Curly quotes, dashes and the euro sign for the C1 controls they were mistaken for ("demoronising"). */
function demoronized(text: string): string {
  return text.replace(C1_CONTROL, (char) => WINDOWS_1252_C1[char.charCodeAt(0) - 0x80]);
}

/** The WHATWG name of a charset label, or null when the label is unknown or not decodable here. */
function encodingOf(label: string | undefined | null): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

function byteOrderMark(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-16 without a BOM, told by a first '<' or whitespace next to a zero byte (XML 1.0, appendix F). */
function bomlessUtf16(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  const ascii = (byte: number | undefined): boolean =>
    byte === 0x3c || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
  if (ascii(bytes[0]) && bytes[1] === 0 && bytes[3] === 0) return 'utf-16le';
  if (bytes[0] === 0 && ascii(bytes[1]) && bytes[2] === 0) return 'utf-16be';
  return null;
}

function isUtf16(encoding: string): boolean {
  return encoding === 'utf-16le' || encoding === 'utf-16be';
}

function hasZeroByte(bytes: Uint8Array): boolean {
  return bytes.subarray(0, DECLARATION_WINDOW).includes(0);
}

function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte >= 0x80);
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The charset the document declares inside itself; in-document UTF-16 means UTF-8, as in HTML. */
function declaredInside(bytes: Uint8Array): string | null {
  const head = LATIN1.decode(bytes.subarray(0, DECLARATION_WINDOW));
  const label = XML_ENCODING.exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1];
  const encoding = encodingOf(label);
  return encoding && isUtf16(encoding) ? 'utf-8' : encoding;
}

/** UTF-8, or windows-1252 when the bytes are mostly not UTF-8 (Latin-1 sent as UTF-8 or undeclared). */
function utf8OrLatin1(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  let replaced = 0;
  let decoded = 0;
  for (const char of text) {
    if (char === '\uFFFD') replaced++;
    else if (char.charCodeAt(0) >= 0x80) decoded++;
  }
  return replaced > decoded ? LATIN1.decode(bytes) : text;
}

/** The text of the bytes in the charset they are found to be in. */
function decodedText(bytes: Uint8Array, contentType?: string): string {
  const bom = byteOrderMark(bytes);
  // The decoder drops a BOM that matches its encoding.
  if (bom) return new TextDecoder(bom).decode(bytes);
  const parameter = contentType ? CHARSET_PARAMETER.exec(contentType) : null;
  let encoding = encodingOf(parameter?.[1] ?? parameter?.[2]);
  if (encoding && isUtf16(encoding) && !hasZeroByte(bytes)) encoding = null;
  encoding ??= bomlessUtf16(bytes) ?? declaredInside(bytes);
  if (encoding === null || encoding === 'utf-8') return utf8OrLatin1(bytes);
  if (isUtf16(encoding)) return new TextDecoder(encoding).decode(bytes);
  // Non-ASCII bytes that are valid UTF-8 are almost never text in a legacy charset: the label lies.
  const utf8 = hasNonAscii(bytes) ? strictUtf8(bytes) : null;
  return utf8 ?? new TextDecoder(encoding).decode(bytes);
}

/**
 * Decodes an uploaded document by the charset it declares: a byte-order mark, else the Content-Type
 * `charset`, else an XML declaration or HTML `<meta charset>`, else UTF-8 (windows-1252 when the bytes
 * are plainly not UTF-8). A label that is unknown or plainly lies (UTF-16 over bytes without zeros,
 * a legacy charset over valid UTF-8) is passed over; C1 controls become the windows-1252
 * characters they stand for. Never throws.
 */
export function decodeDocument(bytes: Uint8Array, contentType?: string): string {
  return demoronized(decodedText(bytes, contentType));
}
