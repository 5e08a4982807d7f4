import { parseByline } from './byline.js';
import { findDate, toPublicationDate } from './publication-date.js';
import { seriesFromTitle } from './series-title.js';
import { parseTagLine } from './tag-line.js';

describe(findDate.name, () => {
  it.each([
    ['May 7, 2026', '2026-05-07'],
    ['May 7, 2026By The CTO', '2026-05-07'],
    ['Thursday, Sept. 3rd, 2026', '2026-09-03'],
    ['7 May 2026', '2026-05-07'],
    ['Thu, 07 May 2026 09:00:00 GMT', '2026-05-07'],
    ['2026-05-07T23:30:00-07:00', '2026-05-07'],
    ['2026/5/7', '2026-05-07'],
    ['2026年5月7日', '2026-05-07'],
    ['February 29, 2028', '2028-02-29'],
  ])('reads %s', (text, iso) => {
    expect(findDate(text)?.iso).toBe(iso);
  });

  it.each([
    'February 30, 2026',
    '2026-13-01',
    'May 2026',
    'version 2026.1',
    '12026-05-07',
    'may 7',
  ])('finds no date in %s', (text) => {
    expect(findDate(text)).toBeNull();
  });

  it('reads YAML dates and rejects impossible ones', () => {
    expect(toPublicationDate(new Date(Date.UTC(2026, 4, 7)))).toBe('2026-05-07');
    expect(toPublicationDate(new Date(Number.NaN))).toBeNull();
    expect(toPublicationDate(42)).toBeNull();
  });
});

describe(parseByline.name, () => {
  it.each([
    [
      'May 7, 2026By The CTO6 min read',
      { publishedOn: '2026-05-07', author: 'The CTO', readingMinutes: 6 },
    ],
    [
      'May 7, 2026 · By Jane Doe · 6 min read',
      { publishedOn: '2026-05-07', author: 'Jane Doe', readingMinutes: 6 },
    ],
    [
      'By Platform Team · 4 min read',
      { publishedOn: null, author: 'Platform Team', readingMinutes: 4 },
    ],
    ['Reading time: 9 minutes', { publishedOn: null, author: null, readingMinutes: 9 }],
    ['2026-05-07', { publishedOn: '2026-05-07', author: null, readingMinutes: null }],
    [
      'Published Friday, 2026-08-21, including PRs merged Friday, 2026-08-14 through Thursday, 2026-08-20.',
      { publishedOn: '2026-08-21', author: null, readingMinutes: null },
    ],
    [
      'By GILLIAN MOHNEY March 11, 2015 3:46 PM',
      { publishedOn: '2015-03-11', author: 'GILLIAN MOHNEY', readingMinutes: null },
    ],
    ['March 13, 2015 9:00PM', { publishedOn: '2015-03-13', author: null, readingMinutes: null }],
    ['1:39 PM ET', { publishedOn: null, author: null, readingMinutes: null }],
    [
      '22 Dec, 2016 22 Dec, 2016',
      { publishedOn: '2016-12-22', author: null, readingMinutes: null },
    ],
    [
      'by Lucas Nolan22 Dec 2016651',
      { publishedOn: null, author: 'Lucas Nolan', readingMinutes: null },
    ],
    [
      'Posted on May 7, 2026 in Engineering',
      { publishedOn: '2026-05-07', author: null, readingMinutes: null },
    ],
  ])('reads %s', (line, byline) => {
    expect(parseByline(line)).toEqual(byline);
  });

  it.each([
    'By 2027, most teams will run agents.',
    'Daily Sync: May 7, 2026',
    'May 12, 2026 · Berlin',
    'The summit opens on May 12, 2026 in Berlin.',
    'Published work from 2019 shows that on 2026-05-07 nothing changed.',
    'Meet at 10:30 in room 4',
    'x'.repeat(500),
  ])('does not take %s for a meta line', (line) => {
    expect(parseByline(line)).toBeNull();
  });
});

describe(seriesFromTitle.name, () => {
  it.each([
    ['Daily Sync: May 7, 2026', 'Daily Sync'],
    ['Weekly Platform Review — 2026-05-04', 'Weekly Platform Review'],
    ['Daily Sync: Thursday, May 7, 2026', 'Daily Sync'],
    ['Daily Sync: May 7, 2026 — Power and agents', null],
    ['May 7, 2026', null],
    ['AI: the week in review', null],
  ])('%s', (title, series) => {
    expect(seriesFromTitle(title)).toBe(series);
  });
});

describe(parseTagLine.name, () => {
  it.each([
    ['daily-sync', ['daily-sync']],
    ['ai, infra  security', ['ai', 'infra', 'security']],
    ['#ai #infra', ['ai', 'infra']],
    ['Tags: Machine Learning, Ops', ['machine-learning', 'ops']],
    ['4 699 755', []],
    ['Tags: 2026, Q2, ops', ['q2', 'ops']],
    ['A sentence with Capitals.', null],
    ['pull requests were merged in the last week', null],
    ['598 pull requests were merged in the last week', null],
    ['bool as u32', null],
    [
      'jonathandturner fixed alias default var values, added initial wasi support, fixed more recent clippy lints',
      null,
    ],
    ['rust, web assembly, ops', ['rust', 'web', 'assembly', 'ops']],
    ['ai infra security', ['ai', 'infra', 'security']],
    [
      'just some words in lowercase that go on and on and on and on and on and on and on and on',
      null,
    ],
  ])('%s', (line, tags) => {
    expect(parseTagLine(line)).toEqual(tags);
  });
});
