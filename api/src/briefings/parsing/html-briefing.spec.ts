import {
  allStrings,
  canonicalProblems,
} from '../../../test/fixtures/briefings/briefing-fixtures.js';
import { outlineHtml } from './html-briefing.js';
import { parseBriefings } from './index.js';

function parseOne(html: string) {
  const briefings = parseBriefings(html, 'html');
  expect(briefings).toHaveLength(1);
  expect(canonicalProblems(briefings[0])).toEqual([]);
  return briefings[0];
}

const paragraph = (words: number) =>
  `<p>${'Power and compute are now the same conversation. '.repeat(words)}</p>`;

describe('HTML briefings', () => {
  it('finds the article in a page without semantic markup (Readability) and leaves the site chrome', () => {
    const sut =
      parseOne(`<!doctype html><html><head><title>Daily Sync: May 7, 2026 | Site</title></head><body>
      <div id="top"><div class="logo">Acme Site</div><ul class="menu"><li>Home</li><li>About us</li><li>Careers</li></ul></div>
      <div id="content" class="post">
        <h1>Daily Sync: May 7, 2026</h1>
        <p>May 7, 2026 · By The CTO · 6 min read</p>
        ${paragraph(8)}
        <h2>Tech News</h2>
        <ul><li><strong>Grid limits bite.</strong> Hook-ups are rationed.</li><li><strong>Agents get logs.</strong> Every call is signed.</li></ul>
        ${paragraph(6)}
        <h2>CTO Takeaway</h2>
        ${paragraph(10)}
      </div>
      <div id="footer"><p>Copyright Acme. All rights reserved.</p></div>
    </body></html>`);
    expect(sut).toMatchObject({
      title: 'Daily Sync: May 7, 2026',
      publishedOn: '2026-05-07',
      author: 'The CTO',
    });
    expect(sut.sections.map((s) => [s.heading, s.kind])).toEqual([
      ['Tech News', 'items'],
      ['CTO Takeaway', 'takeaway'],
    ]);
    expect(sut.sections[0].items.map((item) => item.title)).toEqual([
      'Grid limits bite',
      'Agents get logs',
    ]);
    expect(allStrings(sut).join(' ')).not.toMatch(/Careers|About us|Copyright/);
  });

  it('keeps text that sits directly in the <div>s of a whole page (Readability moves it into <p>s of its own)', () => {
    const sut = parseOne(`<!doctype html><html><head><title>Ops Notes</title></head><body>
      <main><section><div><div>
        Queue backlog cleared after four hours; the replay finished without losses.
      </div></div></section></main></body></html>`);
    expect(sut.title).toBe('Ops Notes');
    expect(allStrings(sut).join(' ')).toContain('Queue backlog cleared after four hours');
  });

  it('dates a page by the byline box beside its headline, never by a table or a citation near it', () => {
    const page = (box: string) =>
      parseOne(`<!doctype html><html><head><title>Grid limits</title></head><body>
        <div id="story"><div class="headline"><h1>Grid limits bite</h1></div>${box}
        <div class="story-body">${paragraph(8)}${paragraph(6)}</div></div></body></html>`);
    expect(
      page(
        '<div class="story-info"><span class="datestamp">March 13, 2015</span> <span class="timestamp">9:00PM</span></div>',
      ).publishedOn,
    ).toBe('2015-03-13');
    for (const box of [
      '<table class="facts"><tr><td class="date">Founded March 13, 1998</td></tr></table>',
      '<div class="reference"><span class="date">Retrieved March 13, 1998</span></div>',
    ]) {
      const sut = page(box);
      expect(sut.assumed).toContain('publishedOn');
      expect(sut.publishedOn).not.toBe('1998-03-13');
    }
  });

  it('reads a fragment with <h3> sections when there are no <h2>', () => {
    const sut = parseOne(`<h1>Ops Notes — 2026-05-04</h1>
      <p>Tags: ops, on-call</p>
      <h3>Incidents</h3><ol><li>Queue backlog cleared. Took four hours.</li></ol>
      <h3>Bottom line</h3><p>Fewer pages than last week.</p>`);
    expect(sut).toMatchObject({
      series: 'Ops Notes',
      tags: ['ops', 'on-call'],
      slug: 'ops-notes-2026-05-04',
    });
    expect(sut.sections.map((s) => [s.heading, s.kind, s.items.length, s.body])).toEqual([
      ['Incidents', 'items', 1, null],
      ['Bottom line', 'takeaway', 0, 'Fewer pages than last week.'],
    ]);
  });

  it('treats <h3> under an <h2> as items with the paragraphs below them as bodies', () => {
    const sut = parseOne(`<article><h1>Deep Dive: May 7, 2026</h1>
      <h2>Tech News</h2>
      <h3>TSMC bets on wind.</h3><p>Record demand in Taiwan.</p><p>More turbines coming.</p>
      <h3>Google ships TPU v8</h3><p>Tuned for agents.</p>
      <p><b>Discussion:</b> Which of these matters to us?</p></article>`);
    expect(sut.sections[0].items).toEqual([
      {
        title: 'TSMC bets on wind',
        body: 'Record demand in Taiwan.\n\nMore turbines coming.',
        url: null,
        links: [],
      },
      { title: 'Google ships TPU v8', body: 'Tuned for agents.', url: null, links: [] },
    ]);
    expect(sut.sections[0].discussion).toEqual({ prompt: 'Which of these matters to us?' });
  });

  it('decodes entities, keeps Unicode punctuation and drops hidden elements', () => {
    const sut = parseOne(`<article><h1>Daily Sync: May 7, 2026</h1>
      <h2>News &amp; Notes</h2>
      <ul><li>8th&#x2011;gen TPUs &ldquo;ship&rdquo; &mdash; finally. Body&nbsp;text.</li></ul>
      <div hidden>HIDDEN</div><span aria-hidden="true">ARIA</span></article>`);
    expect(sut.sections[0].heading).toBe('News & Notes');
    expect(sut.sections[0].items[0].title).toBe(
      '8th\u2011gen TPUs \u201cship\u201d \u2014 finally',
    );
    expect(JSON.stringify(sut)).not.toMatch(/HIDDEN|ARIA/);
  });
});

describe('HTML page chrome', () => {
  const article = `<h1>Daily Sync: May 7, 2026</h1>
    <p>Power and compute are now the same conversation, and the bill is coming due.</p>
    <h2>Tech News</h2>
    <ul><li><strong>Grid limits bite.</strong> Hook-ups are rationed.</li>
    <li><strong>Agents get logs.</strong> Every call is signed.</li></ul>
    <p><strong>Discussion:</strong> Which workloads could move off-peak?</p>
    <h2>CTO Takeaway</h2><p>Power is now a product constraint.</p>`;
  const chrome = {
    skip: '<a class="skip-link" href="#main">Jump to navigation</a>',
    nav: '<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>',
    cookie:
      '<div id="cookie-notice"><p>We use cookies to improve your experience.</p><button>Accept all</button></div>',
    share:
      '<div class="share-bar"><a href="https://twitter.com/share">Share on Twitter</a><a href="#">Copy link</a></div>',
    sidebar:
      '<aside class="sidebar"><h2>Most Popular</h2><ul><li><a href="/old">Old post</a></li></ul></aside>',
    newsletter:
      '<div class="newsletter-signup"><h3>Get the briefing</h3><p>Sign up for our newsletter.</p></div>',
    login: '<div class="login-prompt"><p>Log in to comment.</p></div>',
    comments: '<section id="comments"><h2>3 Comments</h2><p>First!</p></section>',
  };
  const all = Object.values(chrome).join('');

  it.each([
    [
      'a semantic <article> with chrome inside it',
      `${chrome.skip}${chrome.nav}<main><article>${chrome.share}${article}${chrome.sidebar}${chrome.newsletter}${chrome.login}${chrome.comments}</article></main>${chrome.cookie}`,
    ],
    [
      'a page without semantic markup',
      `${chrome.skip}${chrome.cookie}<div id="page"><div class="menu">${chrome.nav}</div><div class="post-body">${chrome.share}${article}${chrome.newsletter}</div>${chrome.sidebar}${chrome.comments}</div>`,
    ],
  ])('keeps no navigation, banner, share bar, sidebar or sign-up box from %s', (_name, body) => {
    const sut = parseOne(
      `<!doctype html><html><head><title>Daily Sync</title></head><body>${body}</body></html>`,
    );
    expect(sut.sections.map((s) => s.heading)).toEqual(['Tech News', 'CTO Takeaway']);
    expect(sut.sections[0].items.map((item) => item.title)).toEqual([
      'Grid limits bite',
      'Agents get logs',
    ]);
    expect(sut.sections[0].discussion).toEqual({ prompt: 'Which workloads could move off-peak?' });
    const text = allStrings(sut).join('\n');
    for (const leak of [
      'Jump to',
      'About us',
      'cookies',
      'Accept',
      'Share',
      'Copy link',
      'Popular',
      'Old post',
      'newsletter',
      'Log in',
      'Comments',
      'First!',
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(all).toContain('Old post');
  });

  it('keeps every link of a paragraph, an item and a heading, in order and without repeats', () => {
    const outline = outlineHtml(`<h1>Links: May 7, 2026</h1>
      <h2><a href="https://a.example/news">News</a></h2>
      <p>See <a href="https://a.example/1">one</a>, <a href="javascript:alert(1)">bad</a>,
        <a href="https://a.example/2">two</a> and <a href="https://a.example/1">one again</a>.</p>
      <ul><li><a href="https://b.example/lead">Lead</a> — with <a href="/rel">a relative</a> link.</li></ul>`);
    expect(outline.blocks).toEqual([
      {
        type: 'heading',
        level: 2,
        text: 'News',
        url: 'https://a.example/news',
        links: ['https://a.example/news'],
      },
      {
        type: 'paragraph',
        text: 'See one, bad, two and one again.',
        url: 'https://a.example/1',
        links: ['https://a.example/1', 'https://a.example/2'],
      },
      {
        type: 'item',
        text: 'Lead — with a relative link.',
        lead: 'Lead',
        url: 'https://b.example/lead',
        links: ['https://b.example/lead', '/rel'],
      },
    ]);
  });

  it('sets code off in backticks so markup in a post about HTML is not taken for markup', () => {
    const outline = outlineHtml(
      '<h1>T</h1><p>Use <code>&lt;div&gt;</code> here.</p><pre>a &lt; b</pre>',
    );
    expect(outline.blocks.map((block) => block.text)).toEqual(['Use `<div>` here.', '`a < b`']);
  });

  it('reads a table row as one line, its cells joined', () => {
    const outline = outlineHtml(
      '<h1>T</h1><table><tr><th>Metric</th><th>Value</th></tr><tr><td>p99</td><td>120 ms</td></tr></table>',
    );
    expect(outline.blocks.map((block) => block.text)).toEqual(['Metric | Value', 'p99 | 120 ms']);
  });
});
