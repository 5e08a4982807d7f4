import { outlineHtml } from './html-briefing.js';
import { pageMetadata, siteNames, takeTagLists, withoutSiteName } from './html-metadata.js';
import { htmlDocument } from './html-text.js';
import { parseBriefings } from './index.js';

const page = (head: string, body = '<article><h1>Title</h1><p>Body text.</p></article>') =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ldJson = (value: unknown) =>
  `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
const metadataOf = (html: string) => pageMetadata(htmlDocument(html));

describe(pageMetadata.name, () => {
  describe('JSON-LD', () => {
    it('reads a NewsArticle: date, author object, keywords string, section and headline', () => {
      const sut = metadataOf(
        page(
          ldJson({
            '@context': 'https://schema.org',
            '@type': 'NewsArticle',
            headline: 'Grid limits bite',
            datePublished: '2026-05-07T06:30:00-07:00',
            dateModified: '2026-06-01T00:00:00Z',
            author: { '@type': 'Person', name: 'Jane Doe' },
            keywords: 'AI Infra, energy',
            articleSection: 'Tech',
            description: 'Hook-ups are rationed.',
          }),
          '<article><h1>Grid limits bite</h1><p>Body text.</p></article>',
        ),
      );
      expect(sut).toEqual({
        stated: {
          publishedOn: '2026-05-07',
          author: 'Jane Doe',
          tags: ['ai-infra', 'energy', 'tech'],
        },
        fallback: { title: 'Grid limits bite', summary: 'Hook-ups are rationed.' },
      });
    });

    it('finds the article in an @graph, follows author @id references and reads keyword arrays', () => {
      const sut = metadataOf(
        page(
          ldJson({
            '@context': 'https://schema.org',
            '@graph': [
              { '@type': 'WebSite', name: 'The CTO Desk' },
              { '@type': 'WebPage', name: 'Page name', datePublished: '2020-01-01' },
              { '@type': 'Person', '@id': '#jane', name: 'Jane Doe' },
              {
                '@type': ['BlogPosting'],
                headline: 'Agents get logs',
                dateCreated: '2026-05-08',
                author: [{ '@id': '#jane' }, 'Ann Lee'],
                keywords: ['Agents', 'Audit'],
              },
            ],
          }),
          '<article><h1>Agents get logs</h1><p>Body text.</p></article>',
        ),
      );
      expect(sut.stated).toEqual({
        publishedOn: '2026-05-08',
        author: 'Jane Doe, Ann Lee',
        tags: ['agents', 'audit'],
      });
      expect(sut.fallback.title).toBe('Agents get logs');
    });

    it('takes the JSON-LD name over a headline the page never shows (Wikipedia: the Wikidata description)', () => {
      const sut = metadataOf(
        page(
          '<title>List of films featuring time loops - Wikipedia</title>' +
            ldJson({
              '@type': 'Article',
              name: 'List of films featuring time loops',
              headline: 'Wikimedia list article',
            }),
          '<h1>List of films featuring time loops</h1><p>Body text.</p>',
        ),
      );
      expect(sut.fallback.title).toBe('List of films featuring time loops');
    });

    it('leaves the title to the page when neither JSON-LD headline nor name is shown on it', () => {
      const sut = metadataOf(
        page(
          '<title>Grid limits bite | The CTO Desk</title><meta property="og:title" content="Grid limits bite">' +
            ldJson({ '@type': 'Article', headline: 'Wikimedia list article' }),
        ),
      );
      expect(sut.fallback.title).toBe('Grid limits bite');
    });

    it('keeps a JSON-LD headline when the page states no title of its own', () => {
      const sut = metadataOf(
        page(ldJson({ '@type': 'Article', headline: 'Grid limits bite' }), '<p>Body text.</p>'),
      );
      expect(sut.fallback.title).toBe('Grid limits bite');
    });

    it('reads nested arrays, Report and WebPage types, and skips broken blocks', () => {
      const broken = '<script type="application/ld+json">{ "@type": "Article", </script>';
      const report = ldJson([[{ '@type': 'Report', datePublished: '2026-03-02' }]]);
      expect(metadataOf(page(broken + report)).stated.publishedOn).toBe('2026-03-02');
      const webPage = ldJson({ '@type': 'WebPage', datePublished: '2026-03-04' });
      expect(metadataOf(page(webPage)).stated.publishedOn).toBe('2026-03-04');
    });

    it('decodes entities a CMS escaped twice', () => {
      const sut = metadataOf(page(ldJson({ '@type': 'Article', keywords: 'Privacy &amp; Tech' })));
      expect(sut.stated.tags).toEqual(['privacy-&-tech']);
    });
  });

  it('reads OpenGraph and article:* tags', () => {
    const sut = metadataOf(
      page(`<meta property="og:title" content="OG title">
        <meta property="og:description" content="OG description">
        <meta property="article:published_time" content="2026-05-06T07:30:00+02:00">
        <meta property="article:tag" content="Energy"><meta property="article:tag" content="Grid">`),
    );
    expect(sut).toEqual({
      stated: { publishedOn: '2026-05-06', tags: ['energy', 'grid'] },
      fallback: { title: 'OG title', summary: 'OG description' },
    });
  });

  it.each([
    ['<meta name="DC.date.issued" content="2026-05-01">'],
    ['<meta name="dc.date" content="2026-05-01">'],
    ['<meta name="DCTERMS.created" content="2026-05-01">'],
    ['<meta name="pubdate" content="2026-05-01">'],
    ['<meta name="publishdate" content="2026-05-01">'],
    ['<meta name="article.published" content="2026-05-01T10:00:00Z">'],
    ['<meta name="date" content="May 1, 2026">'],
    ['<meta itemprop="datePublished" content="2026-05-01">'],
  ])('reads the date from %s', (meta) => {
    expect(metadataOf(page(meta)).stated.publishedOn).toBe('2026-05-01');
  });

  it('reads itemprop="datePublished" on any element, by its content or datetime', () => {
    const onSpan = page(
      '',
      '<p>Posted <span itemprop="datePublished" content="2026-04-30">yesterday</span></p>',
    );
    expect(metadataOf(onSpan).stated.publishedOn).toBe('2026-04-30');
    const onTime = page('', '<time itemprop="datePublished" datetime="2026-04-29">April</time>');
    expect(metadataOf(onTime).stated.publishedOn).toBe('2026-04-29');
  });

  it('reads Dublin Core creator and subject whatever their case', () => {
    const sut = metadataOf(
      page(
        '<meta name="DC.Creator" content="Ann Lee"><meta name="dc.subject" content="Ops, Energy">',
      ),
    );
    expect(sut.stated).toEqual({ author: 'Ann Lee', tags: ['ops', 'energy'] });
  });

  it('keeps a visible <time> only as a fallback, and never one in a table or an infobox', () => {
    const inInfobox = page(
      '',
      '<table class="infobox"><tr><td><time datetime="1907-01-02">2 January 1907</time></td></tr></table>' +
        '<p><time datetime="2026-05-02">May 2</time></p>',
    );
    expect(metadataOf(inInfobox)).toEqual({ stated: {}, fallback: { publishedOn: '2026-05-02' } });
  });

  it('prefers JSON-LD to meta tags', () => {
    const sut = metadataOf(
      page(
        `<meta name="author" content="Meta Author"><meta name="date" content="2020-01-01">${ldJson({
          '@type': 'Article',
          author: 'Ld Author',
          datePublished: '2026-05-07',
        })}`,
      ),
    );
    expect(sut.stated).toMatchObject({ author: 'Ld Author', publishedOn: '2026-05-07' });
  });

  it('never takes digits-only keywords for tags', () => {
    const sut = metadataOf(page('<meta name="keywords" content="4, 699, 755, Energy">'));
    expect(sut.stated.tags).toEqual(['energy']);
  });

  it.each([
    ['semicolons (youth.cn)', '关注点;国家;两会', ['关注点', '国家', '两会']],
    [
      'spaces between Chinese keywords (gmw.cn)',
      '宇航员 太空 国际空间站',
      ['宇航员', '太空', '国际空间站'],
    ],
    ['Medium’s key:value keywords', 'Lite:true,Tag:Nodejs,Tag:Cpu,LayerCake:0', ['nodejs', 'cpu']],
    [
      'English keywords of several words',
      'Machine Learning, AI Infra',
      ['machine-learning', 'ai-infra'],
    ],
  ])('splits keywords set apart by %s', (_, keywords, tags) => {
    const sut = metadataOf(page(`<meta name="keywords" content="${keywords}">`));
    expect(sut.stated.tags).toEqual(tags);
  });

  it('drops a keyword that is the headline itself (La Nación, QQ)', () => {
    const sut = metadataOf(
      page(
        '<title>Una solución no violenta para la cuestión mapuche</title>' +
          '<meta name="keywords" content="Una solución no violenta para la cuestión mapuche, Star Wars, Opinión">',
      ),
    );
    expect(sut.stated.tags).toEqual(['star-wars', 'opinión']);
  });
});

describe(withoutSiteName.name, () => {
  it.each([
    ['Getting LEAN with Digital Ad UX | IAB', 'Getting LEAN with Digital Ad UX'],
    ['Friday Facts #282 - 0.17 in sight | Factorio', 'Friday Facts #282 - 0.17 in sight'],
    ['Whale strandings | Eleanor Ainge Roy | the Guardian', 'Whale strandings'],
    ['Minecraft 1.8 - The Bountiful Update', 'Minecraft 1.8 - The Bountiful Update'],
    ['IAB | IAB', 'IAB | IAB'],
  ])('%s', (title, expected) => {
    expect(withoutSiteName(title, ['iab', 'factorio', 'eleanoraingeroy', 'theguardian'])).toBe(
      expected,
    );
  });

  it('knows the site by og:site_name, application-name, twitter:site and its address', () => {
    const document = htmlDocument(
      page(
        '<meta property="og:site_name" content="Factorio.com"><meta name="twitter:site" content="@guardian">' +
          '<link rel="canonical" href="https://www.iab.com/news/lean">',
      ),
    );
    expect(siteNames(document)).toEqual(expect.arrayContaining(['factorio', 'guardian', 'iab']));
  });
});

describe(takeTagLists.name, () => {
  it('takes no tag from the label of a tag list', () => {
    const document =
      htmlDocument(`<article><h1>T</h1><div class="row tags"><h2><a href="/tags/">Tags</a></h2>
      <a href="/topics/tech-industry/">Tech Industry</a> <a href="/tags/facebook/">Facebook</a></div></article>`);
    expect(takeTagLists(document.body)).toEqual(['tech-industry', 'facebook']);
  });

  it('reads rel=tag links and tag lists and takes them out of the text', () => {
    const document = htmlDocument(`<article><h1>T</h1>
      <ul class="tags"><li><a href="/t/ai">AI</a></li><li><a href="/t/ops">Ops</a></li></ul>
      <p class="post-tags">Tags: <a href="/t/grid">Grid</a>, <a href="/t/2026">2026</a></p>
      <p>Filed under <a rel="tag" href="/t/energy">Energy</a></p>
      <p>Prose that mentions <a rel="tag" href="/t/agents">agents</a> and keeps them in its own sentence.</p>
    </article>`);
    expect(takeTagLists(document.body)).toEqual(['ai', 'ops', 'grid', 'energy', 'agents']);
    const text = document.body.textContent ?? '';
    expect(text).not.toMatch(/AI|Ops|Grid|Filed under/);
    expect(text).toContain('Prose that mentions agents and keeps them');
  });
});

describe('metadata in an imported page', () => {
  it('lets stated metadata win over the visible byline, and keeps the tag list out of the summary', () => {
    const [sut] = parseBriefings(
      page(
        `<title>Site</title>${ldJson({
          '@type': 'NewsArticle',
          datePublished: '2026-05-07',
          author: { name: 'Jane Doe' },
        })}`,
        `<article><h1>Daily Sync</h1><p>May 1, 2026 · By Someone Else</p>
        <ul class="tags"><li><a href="/t/ai">AI</a></li><li><a href="/t/energy">Energy</a></li></ul>
        <p>Power and compute are now the same conversation.</p>
        <h2>Tech News</h2><ul><li><b>Grid limits bite.</b> Hook-ups are rationed.</li></ul></article>`,
      ),
      'html',
    );
    expect(sut).toMatchObject({
      title: 'Daily Sync',
      publishedOn: '2026-05-07',
      author: 'Jane Doe',
      tags: ['ai', 'energy'],
      summary: 'Power and compute are now the same conversation.',
    });
  });

  it('never dates a page from its infobox nor tags it with numbers from it', () => {
    const outline = outlineHtml(
      page(
        '<title>Some Town - Wikipedia</title>',
        `<div id="content"><h1>Some Town</h1>
        <table class="infobox vcard"><tr><th>Founded</th><td>2 January 1907</td></tr>
        <tr><td>4</td><td>699</td><td>755</td></tr></table>
        <p>Some Town is a town on a river, with a long history of trade. ${'It grew with the railway. '.repeat(20)}</p>
        <h2>History</h2><p>${'The town was founded by settlers. '.repeat(20)}</p></div>`,
      ),
    );
    const text = outline.blocks.map((block) => block.text).join(' ');
    expect(text).not.toMatch(/1907|699/);
    expect(outline.fallback.publishedOn).toBeUndefined();
    expect(outline.stated.tags).toBeUndefined();
  });
});
