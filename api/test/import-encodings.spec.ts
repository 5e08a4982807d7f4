import pg from 'pg';
import { bearer, createUser, expectError, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Encodes with a single-byte table built from the platform decoder (Node has no legacy encoders). */
function singleByte(text: string, encoding: string): Buffer {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Buffer.from(
    [...text].map((char) => {
      const byte = table.get(char);
      if (byte === undefined) throw new Error(`${char} is not in ${encoding}`);
      return byte;
    }),
  );
}

const RUSSIAN_FEED = `<rss version="2.0"><channel><title>Новости</title><link>https://example.ru/</link>
<item><title>Еженедельный обзор: 4 мая 2026</title><pubDate>Mon, 04 May 2026 08:00:00 GMT</pubDate>
<description><![CDATA[<h2>Новости</h2><ul><li><b>Каток открыт.</b> Работает до полуночи.</li><li><b>Детский сад готов.</b> Раньше срока.</li></ul>]]></description>
<enclosure url="https://example.ru/media/photo.jpg" length="1" type="image/jpeg"/></item></channel></rss>`;

const latinPage = (head = '', day = 4) =>
  `<!DOCTYPE html><html><head>${head}<title>Café Résumé: May ${day}, 2026</title></head><body><article>` +
  `<h1>Café Résumé: May ${day}, 2026</h1>` +
  '<h2>Crème brûlée</h2><ul><li><b>Déjà vu.</b> Naïve façade, «quoted».</li>' +
  '<li><b>Smörgåsbord.</b> Über alles.</li></ul></article></body></html>';

interface StoredBriefing {
  id: string;
  title: string;
  sections: Array<{
    heading: string;
    body: string | null;
    items: Array<{ title: string; body: string | null; url: string | null; links: string[] }>;
  }>;
}

describe('Importing documents in any charset', () => {
  let app: TestApp;
  let editor: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    editor = await createUser(app, 'editor');
    viewer = await createUser(app, 'viewer');
  });
  afterAll(async () => {
    await app.close();
  });

  async function count(table: string): Promise<number> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(result.rows[0].n);
    } finally {
      await client.end();
    }
  }

  const post = (body: Buffer, contentType: string, user: TestUser = editor, route = 'import') =>
    app.http
      .post(`/api/briefings/${route}`)
      .set(bearer(user))
      .set('Content-Type', contentType)
      .send(body);

  /** The briefing as a reader gets it back, so the stored text is what is checked. */
  async function stored(response: { status: number; body: unknown }): Promise<StoredBriefing> {
    // 200 when the same title and date were imported before: the briefing is read back either way.
    expect([200, 201]).toContain(response.status);
    const { id } = response.body as { id: string };
    const read = await app.http.get(`/api/briefings/${id}`).set(bearer(viewer)).expect(200);
    return read.body as StoredBriefing;
  }

  it('reads a windows-1251 feed by the Content-Type charset', async () => {
    const briefing = await stored(
      await post(
        singleByte(RUSSIAN_FEED, 'windows-1251'),
        'application/rss+xml; charset=windows-1251',
      ),
    );
    expect(briefing.title).toBe('Еженедельный обзор: 4 мая 2026');
    expect(briefing.sections.map((section) => section.heading)).toEqual(['Новости', 'Attachments']);
    expect(briefing.sections[0].items.map((item) => [item.title, item.body])).toEqual([
      ['Каток открыт', 'Работает до полуночи.'],
      ['Детский сад готов', 'Раньше срока.'],
    ]);
    expect(briefing.sections[1].items[0].links).toEqual(['https://example.ru/media/photo.jpg']);
  });

  it('reads a Latin-1 page by the Content-Type charset, or by its <meta charset> alone', async () => {
    const declared = await stored(
      await post(Buffer.from(latinPage(), 'latin1'), 'text/html; charset=iso-8859-1'),
    );
    const byMeta = await stored(
      await post(Buffer.from(latinPage('<meta charset="iso-8859-1">', 6), 'latin1'), 'text/html'),
    );
    // windows-1252 quotes and dash, which ISO-8859-1 labels mean on the web.
    const httpEquiv = await stored(
      await post(
        Buffer.concat([
          Buffer.from(
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Crème: May 5, 2026</title></head><body><h1>Crème: May 5, 2026</h1><h2>Notes</h2><ul><li><b>Déjà vu.</b> ',
            'latin1',
          ),
          Buffer.from([0x93, 0x51, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35]),
          Buffer.from('</li></ul></body></html>', 'latin1'),
        ]),
        'text/html',
      ),
    );
    expect([declared.title, byMeta.title]).toEqual([
      'Café Résumé: May 4, 2026',
      'Café Résumé: May 6, 2026',
    ]);
    for (const briefing of [declared, byMeta]) {
      expect(briefing.sections[0].heading).toBe('Crème brûlée');
      expect(briefing.sections[0].items.map((item) => [item.title, item.body])).toEqual([
        ['Déjà vu', 'Naïve façade, «quoted».'],
        ['Smörgåsbord', 'Über alles.'],
      ]);
    }
    expect(httpEquiv.sections[0].items[0].body).toBe('“Q” – €5');
  });

  it('reads text/plain bytes by their charset in the preview too', async () => {
    const text = 'Daily Sync: May 7, 2026\n\nНовости\n\n- Каток открыт. Работает до полуночи.\n';
    const preview = await post(
      singleByte(text, 'koi8-r'),
      'text/plain; charset=KOI8-R',
      editor,
      'preview',
    ).expect(200);
    const [briefing] = (preview.body as { briefings: StoredBriefing[] }).briefings;
    expect(briefing.sections[0].heading).toBe('Новости');
    expect(briefing.sections[0].items[0].title).toBe('Каток открыт');
  });

  it('reads UTF-8 sent with a charset that lies, and UTF-16 by its byte-order mark', async () => {
    const lying = await stored(
      await post(Buffer.from(RUSSIAN_FEED, 'utf8'), 'application/rss+xml; charset=windows-1251'),
    );
    expect(lying.title).toBe('Еженедельный обзор: 4 мая 2026');
    await app.http.delete(`/api/briefings/${lying.id}`).set(bearer(editor)).expect(204);
    const utf16 = await stored(
      await post(
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RUSSIAN_FEED, 'utf16le')]),
        'application/rss+xml; charset=iso-8859-1',
      ),
    );
    expect(utf16.sections[0].items[0].title).toBe('Каток открыт');
  });

  it('refuses a viewer, and bad bytes, with a 4xx in the error shape and stores nothing', async () => {
    const before = await count('briefing');
    expectError(
      await post(
        singleByte(RUSSIAN_FEED, 'windows-1251'),
        'application/rss+xml; charset=windows-1251',
        viewer,
      ),
      403,
      'FORBIDDEN',
    );
    // 10 MB is past the body limit: refused before it is read.
    expectError(
      await post(Buffer.alloc(10 * 1024 * 1024, 0x61), 'text/plain; charset=utf-8'),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    // Just past 2 MB of bytes, in a charset whose text would be larger still.
    expectError(
      await post(Buffer.alloc(2 * 1024 * 1024 + 1, 0xe0), 'text/plain; charset=windows-1251'),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from(
        { length: 9 },
        (_, level) =>
          `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`,
      ).join('') +
      ']><rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>';
    const expansion = await post(Buffer.from(laughs), 'application/rss+xml');
    expectError(expansion, 422, 'UNPARSEABLE_BRIEFING');
    expect((expansion.body as { error: { message: string } }).error.message).toMatch(/entities/u);
    const external = await post(
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>',
      ),
      'application/xml; charset=utf-8',
    );
    expectError(external, 422, 'UNPARSEABLE_BRIEFING');
    // UTF-32 text labelled UTF-16: read as UTF-16 it is full of NULs, so it is a binary file (415),
    // not garbage text stored.
    const utf32 = Buffer.alloc(RUSSIAN_FEED.length * 4);
    [...RUSSIAN_FEED].forEach((char, index) =>
      utf32.writeUInt32LE(char.codePointAt(0)!, index * 4),
    );
    expectError(
      await post(utf32, 'application/rss+xml; charset=utf-16le'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    // A binary file labelled as UTF-8 text.
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 0),
      Buffer.from([0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00]),
    ]);
    expectError(await post(png, 'text/plain; charset=utf-8'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await count('briefing')).toBe(before);
  });
});
