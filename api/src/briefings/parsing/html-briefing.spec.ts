import {
  allStrings,
  canonicalProblems,
} from '../../../test/fixtures/briefings/briefing-fixtures.js';
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
