import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromeFindings, markupFindings } from '../../../test/fixtures/realworld/quality.mjs';
import { parseBriefings } from './index.js';

/** Real pages from Mozilla Readability's test suite (see SOURCES.md beside them). */
const PAGES = join(__dirname, '../../../test/fixtures/realworld/readability-test-pages');

function importPage(name: string) {
  const briefings = parseBriefings(readFileSync(join(PAGES, `${name}.html`), 'utf8'), 'html');
  expect(briefings).toHaveLength(1);
  const [briefing] = briefings;
  expect(markupFindings(briefing)).toEqual([]);
  expect(chromeFindings(briefing)).toEqual([]);
  return { briefing, text: JSON.stringify(briefing) };
}

describe('real web pages', () => {
  it('reads the ACLU post: JSON-LD date and author, tags from its metadata', () => {
    const { briefing } = importPage('aclu');
    expect(briefing).toMatchObject({
      title: 'Facebook Is Tracking Me Even Though I’m Not on Facebook',
      publishedOn: '2018-04-05',
      author: 'Daniel Kahn Gillmor',
    });
    expect(briefing.tags).toEqual(
      expect.arrayContaining(['internet-privacy', 'privacy-&-technology']),
    );
  });

  it('reads The Verge without its newsletter sign-up box or share bar', () => {
    const { briefing, text } = importPage('theverge');
    expect(briefing).toMatchObject({ publishedOn: '2023-06-07', author: 'Alex Heath' });
    expect(text).toContain('I still remember using the iPhone 4 for the first time in 2010');
    expect(text).not.toMatch(/\$7\/month|A flexible plan|Share this story/);
  });

  it('dates the New Zealand article from its metadata, never from the infobox, and tags it with no numbers', () => {
    const { briefing, text } = importPage('wikipedia-2');
    expect(briefing).toMatchObject({ title: 'New Zealand', publishedOn: '2001-10-29' });
    expect(briefing.tags.filter((tag) => /^\d+$/.test(tag))).toEqual([]);
    expect(text).toContain('sovereign island country');
  });

  it('reads the Herald Sun column without its menus, login box or other columns', () => {
    const { briefing, text } = importPage('herald-sun-1');
    expect(briefing).toMatchObject({
      title: 'Angry media won’t buckle over new surveillance laws',
      author: 'Laurie Oakes',
      // Only the byline box under the headline dates it ("March 13, 2015 9:00PM"); Readability drops the box.
      publishedOn: '2015-03-13',
    });
    expect(briefing.assumed).not.toContain('publishedOn');
    expect(text).not.toMatch(
      /Login using|Forgot your password|Breaking News Local|Other Opinion Columns/,
    );
  });

  it('reads the WordPress post without its "Like this" and related-posts widgets', () => {
    const { briefing, text } = importPage('wordpress');
    expect(briefing).toMatchObject({ publishedOn: '2017-03-09', author: 'Sarah Gooding' });
    expect(text).not.toMatch(/Like this:|Like Loading|In "News"/);
  });

  // Readability moves text that sits directly in a <div> into <p>s of its own; the text is still kept.
  it.each([
    ['invalid-attributes', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.'],
    ['normalize-spaces', 'Tempor incididunt ut labore et dolore magna aliqua'],
    ['style-tags-removal', 'Lorem ipsum dolor sit amet, consectetur adipisicing elit'],
    ['title-and-h1-discrepancy', 'Lorem ipsum dolor sit amet, consectetur adipisicing elit'],
    ['title-en-dash', 'Lorem ipsum dolor sit amet, consectetur adipisicing elit'],
    ['yahoo-4', 'トレンドマイクロは3月9日'],
  ])('reads %s, whose text sits directly in <div>s', (name, phrase) => {
    const { text } = importPage(name);
    expect(text).toContain(phrase);
  });

  it('titles the Wikipedia list by its <h1>, not the JSON-LD headline, and drops the [edit] links', () => {
    const { briefing, text } = importPage('wikipedia-4');
    expect(briefing.title).toBe('List of films featuring time loops');
    expect(briefing.sections.map((section) => section.heading)).toContain('See also');
    expect(text).not.toContain('[edit]');
  });

  it('reads a byline glued to its date and comment count (Breitbart) as the name alone', () => {
    const { briefing } = importPage('breitbart');
    expect(briefing).toMatchObject({ author: 'Lucas Nolan', publishedOn: '2016-12-22' });
    expect(briefing.summary).not.toMatch(/22 Dec, 2016/);
  });

  it('takes the tags out of Medium’s key:value keywords', () => {
    const { briefing } = importPage('lazy-image-1');
    expect(briefing.tags).toEqual(['nodejs', 'performance', 'cpu', 'profiling', 'inspector']);
  });

  it('titles a page by its <title> without the site name after it', () => {
    expect(importPage('iab-1').briefing.title).toBe('Getting LEAN with Digital Ad UX');
    expect(importPage('keep-tabular-data').briefing.title).toBe(
      'Friday Facts #282 - 0.17 in sight',
    );
  });

  it('never takes a "Follow Author" button for the author (Royal Road)', () => {
    const { briefing } = importPage('royal-road');
    expect(briefing.author).not.toBe('Follow Author');
    expect(briefing.tags).not.toContain('one-hundred-two:-what-kind-of-wordchain?');
  });

  it('reads the NYT article without a "null" keyword', () => {
    const { briefing } = importPage('nytimes-1');
    expect(briefing).toMatchObject({
      title: 'United States to Lift Sudan Sanctions',
      author: 'Jeffrey Gettleman',
    });
    expect(briefing.tags).toContain('sudan');
    expect(briefing.tags).not.toContain('null');
  });
});
