import { sniffFormat } from './index.js';

describe(sniffFormat.name, () => {
  it.each([
    ['{"title":"x"}', 'json'],
    ['  [ {"title": "x"} ]', 'json'],
    ['{"title": "broken', 'json'],
    ['<?xml version="1.0"?>\n<!-- feed -->\n<rss version="2.0"><channel/></rss>', 'feed'],
    ['<feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'feed'],
    ['<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry/></a:feed>', 'feed'],
    ['\uFEFF<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"><item/></rdf:RDF>', 'feed'],
    ['<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"></r:rss>', 'feed'],
    ['<feedback><p>Not a feed</p><p>at all</p></feedback>', 'html'],
    ['<!DOCTYPE html><html><body><p>x</p></body></html>', 'html'],
    ['<article><h1>T</h1></article>', 'html'],
    ['<h2>Tech News</h2>\n<ul><li>One</li></ul>', 'html'],
    ['---\ntitle: T\n---\nBody with <div>html</div> and <p>more</p>', 'markdown'],
    ['# Title\n\n## Section\n\n- item', 'markdown'],
    ['Title\n\n- **Lead.** body', 'markdown'],
    ['Intro\n\n**Discussion:** why?', 'markdown'],
    ['Daily Sync: May 7, 2026\n\n  • An item. Body.\n\nDiscussion: why?', 'text'],
    ['Price < cost and a > b', 'text'],
    ['{ not json at all, just braces', 'text'],
    ['   ', 'text'],
  ])('%j is %s', (content, format) => {
    expect(sniffFormat(content)).toBe(format);
  });

  it('reports binary content as undefined', () => {
    expect(sniffFormat('PK\u0003\u0004\u0000\u0000')).toBeUndefined();
    expect(sniffFormat('\u0001\u0002\u0003\u0004 abc')).toBeUndefined();
    expect(sniffFormat('\uFFFD\uFFFD\uFFFDab')).toBeUndefined();
  });
});
