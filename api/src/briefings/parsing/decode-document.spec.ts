import { decodeDocument } from './index.js';

const RUSSIAN = 'Привет, мир: новости недели';

/** Encodes with a single-byte table built from the platform decoder (Node has no legacy encoders). */
function encodeSingleByte(text: string, encoding: string): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Uint8Array.from([...text].map((char) => table.get(char) ?? 0x3f));
}

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  return Uint8Array.from(le, (_byte, index) => le[index ^ 1]);
}

describe(decodeDocument.name, () => {
  it('reads a windows-1251 feed by its XML declaration', () => {
    const feed = `<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>${RUSSIAN}</title></channel></rss>`;
    expect(decodeDocument(encodeSingleByte(feed, 'windows-1251'))).toBe(feed);
  });

  it('reads a windows-1251 feed by its Content-Type charset', () => {
    const feed = `<rss><channel><title>${RUSSIAN}</title></channel></rss>`;
    const bytes = encodeSingleByte(feed, 'windows-1251');
    expect(decodeDocument(bytes, 'application/rss+xml; charset=windows-1251')).toBe(feed);
    expect(decodeDocument(bytes, 'application/rss+xml; charset="CP1251"')).toBe(feed);
  });

  it('reads KOI8-R named by a meta http-equiv', () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body>${RUSSIAN}</body></html>`;
    expect(decodeDocument(encodeSingleByte(page, 'koi8-r'), 'text/html')).toBe(page);
  });

  it('reads a Latin-1 page by its Content-Type, its <meta charset>, or by the bytes alone', () => {
    const page =
      '<html><head><title>Café Résumé</title></head><body><p>Crème brûlée</p></body></html>';
    const bytes = Buffer.from(page, 'latin1');
    expect(decodeDocument(bytes, 'text/html; charset=iso-8859-1')).toBe(page);
    const declared = page.replace('<head>', '<head><meta charset="ISO-8859-1">');
    expect(decodeDocument(Buffer.from(declared, 'latin1'), 'text/html')).toBe(declared);
    expect(decodeDocument(bytes)).toBe(page);
  });

  it('reads windows-1252 punctuation, which Node decodes as Latin-1 controls', () => {
    const bytes = Uint8Array.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35]);
    expect(decodeDocument(bytes, 'text/plain; charset=windows-1252')).toBe('“Hi” – €5');
    expect(decodeDocument(bytes, 'text/plain; charset=iso-8859-1')).toBe('“Hi” – €5');
    expect(decodeDocument(bytes)).toBe('“Hi” – €5');
  });

  it('reads UTF-16 by its byte-order mark, whatever the label says', () => {
    const text = `# ${RUSSIAN}\n\nCafé`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]);
    expect(decodeDocument(le, 'text/plain; charset=iso-8859-1')).toBe(text);
    expect(decodeDocument(be)).toBe(text);
    expect(decodeDocument(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe(text);
  });

  it('reads BOM-less UTF-16 XML by its first bytes', () => {
    const feed = `<?xml version="1.0" encoding="UTF-16"?><feed><title>${RUSSIAN}</title></feed>`;
    expect(decodeDocument(Buffer.from(feed, 'utf16le'))).toBe(feed);
    expect(decodeDocument(utf16be(feed))).toBe(feed);
  });

  it('passes over a charset that lies', () => {
    const text = `<p>${RUSSIAN} — Café</p>`;
    const utf8 = Buffer.from(text, 'utf8');
    // UTF-8 bytes labelled windows-1251 (a common server default).
    expect(decodeDocument(utf8, 'text/html; charset=windows-1251')).toBe(text);
    // UTF-16 claimed over bytes with no zero byte in them.
    expect(decodeDocument(utf8, 'text/html; charset=utf-16')).toBe(text);
    // Latin-1 bytes labelled UTF-8.
    const latin = '<p>Café Résumé</p>';
    expect(decodeDocument(Buffer.from(latin, 'latin1'), 'text/html; charset=utf-8')).toBe(latin);
    // An in-document UTF-16 declaration over single-byte content means UTF-8 (as in HTML).
    const meta = `<meta charset="utf-16"><p>${RUSSIAN}</p>`;
    expect(decodeDocument(Buffer.from(meta, 'utf8'))).toBe(meta);
  });

  it('keeps UTF-8 with a few broken bytes as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(`${RUSSIAN} Café `, 'utf8'), Buffer.from([0xff])]);
    expect(decodeDocument(bytes)).toBe(`${RUSSIAN} Café \uFFFD`);
  });

  it.each(['x-unknown-charset', 'utf-7', 'x-user-defined', 'iso-2022-kr', '', '"'])(
    'falls back when the label is %j',
    (label) => {
      const text = `<p>${RUSSIAN}</p>`;
      expect(decodeDocument(Buffer.from(text, 'utf8'), `text/html; charset=${label}`)).toBe(text);
      const xml = `<?xml version="1.0" encoding="${label}"?><rss/>`;
      expect(decodeDocument(Buffer.from(xml, 'utf8'))).toBe(xml);
    },
  );

  it('reads C1 controls as the windows-1252 punctuation they stand for', () => {
    expect(decodeDocument(Buffer.from('don\u0092t \u0093quote\u0094 \u0080 5', 'utf8'))).toBe(
      'don’t “quote” € 5',
    );
  });

  it('decodes an empty body to an empty string', () => {
    expect(decodeDocument(new Uint8Array(0), 'text/plain; charset=utf-8')).toBe('');
  });
});
