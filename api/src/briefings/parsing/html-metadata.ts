import { type StatedMetadata } from './document-outline.js';
import {
  decoded,
  type HtmlDocument,
  type HtmlElement,
  isChromeElement,
  textOf,
} from './html-text.js';
import { optionalLine, plainText } from './plain-text.js';
import { findDate, toPublicationDate } from './publication-date.js';
import { normalizeTags } from './tag-line.js';

/** What a page states about itself: `stated` wins over the text under the title, `fallback` only fills gaps. */
export interface PageMetadata {
  stated: StatedMetadata;
  fallback: StatedMetadata;
}

// schema.org types a page uses for the article itself; WebPage and kin only when no article is described.
const ARTICLE_TYPE =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|Blog|Posting|CreativeWork)$/;
const PAGE_TYPE = /^(?:WebPage|ItemPage|AboutPage|CollectionPage|QAPage|FAQPage|ProfilePage)$/;
/** A page's JSON-LD past this is not metadata (and JSON.parse of it would hold the worker). */
const MAX_JSON_LD_CHARS = 512 * 1024;
const MAX_JSON_LD_NODES = 2_000;
const MAX_JSON_LD_DEPTH = 32;

// Meta names publishers put the publication date under (Dublin Core, news CMSs, citation tags), lowercase.
const DATE_NAMES = [
  'article:published_time',
  'article:published',
  'og:article:published_time',
  'datepublished',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date.created',
  'dcterms.created',
  'dc.date',
  'dcterms.date',
  'date',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'published_time',
  'published-date',
  'article.published',
  'article_date_original',
  'original-publish-date',
  'sailthru.date',
  'parsely-pub-date',
  'citation_publication_date',
  'citation_date',
  'datecreated',
];
const AUTHOR_NAMES = [
  'author',
  'article:author',
  'dc.creator',
  'dcterms.creator',
  'parsely-author',
  'sailthru.author',
  'citation_author',
];
const TAG_NAMES = ['keywords', 'news_keywords', 'article:tag', 'dc.subject', 'dcterms.subject'];
const TITLE_NAMES = ['og:title', 'twitter:title', 'dc.title', 'dcterms.title'];
const DESCRIPTION_NAMES = [
  'description',
  'og:description',
  'twitter:description',
  'dc.description',
  'dcterms.description',
];
/** Containers of tag links: `<ul class="tags">`, `.post-tags`, `.tag-list`, `.entry-tags`… */
const TAG_LIST =
  /(?:^|[\s_-])(?:tags|tag-?list|tag-?links|tagcloud|post-?tags|entry-?tags|article-?tags|keywords)(?:$|[\s_-])/i;
const MAX_TAG_LIST_TEXT = 1_000;
const MAX_TAG_LENGTH = 50;
/** A keyword of this many words that the title holds is the headline, not a topic. */
const MIN_HEADLINE_TAG_WORDS = 4;
const MIN_HEADLINE_TAG_CHARACTERS = 8;
// Templates that print an empty field as a word.
const EMPTY_VALUE = /^(?:null|undefined|none|nan)$/i;
// The label of a tag list ("Tags", "Filed under") is no tag.
const TAG_LABEL =
  /^(?:tags?|topics?|keywords?|categories|category|labels?|filed under|tagged)\s*:?$/i;
const KEYWORD_SEPARATOR = /[,;，；、]/;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// Keywords some platforms write as key:value ("Tag:Nodejs", "Publication:voodoo-engineering").
const KEYED_KEYWORD = /^([A-Za-z][A-Za-z_-]{1,30}):(\S.*)$/;
const TAG_KEYS = /^(?:tags?|topics?|keywords?|subjects?)$/i;

/** Every <meta> of the page by its lowercased name, property or itemprop, values in document order. */
function metaValues(document: HtmlDocument): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const metas = document.querySelectorAll('meta[content]');
  for (let index = 0; index < metas.length; index++) {
    const meta = metas[index];
    const raw = meta.getAttribute('content')?.trim();
    if (!raw) continue;
    const content = decoded(raw);
    // `property` may hold several space-separated names ("og:title twitter:title").
    const keys = [
      meta.getAttribute('name'),
      meta.getAttribute('itemprop'),
      meta.getAttribute('property'),
    ]
      .flatMap((key) => key?.toLowerCase().split(/\s+/) ?? [])
      .filter((key) => key !== '');
    for (const key of new Set(keys)) {
      const list = values.get(key);
      if (list) list.push(content);
      else values.set(key, [content]);
    }
  }
  return values;
}

function firstOf(values: Map<string, string[]>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = values.get(name)?.[0];
    if (value) return value;
  }
  return null;
}

type JsonNode = Record<string, unknown>;

function isNode(value: unknown): value is JsonNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object in a JSON-LD document (arrays, @graph and nested values), breadth first, bounded. */
function jsonLdNodes(documents: unknown[]): JsonNode[] {
  const nodes: JsonNode[] = [];
  const pending: [unknown, number][] = documents.map((value) => [value, 0]);
  for (let next = 0; next < pending.length && nodes.length < MAX_JSON_LD_NODES; next++) {
    const [value, depth] = pending[next];
    if (depth > MAX_JSON_LD_DEPTH || typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const entry of value) pending.push([entry, depth + 1]);
      continue;
    }
    nodes.push(value as JsonNode);
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return nodes;
}

function types(node: JsonNode): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  // "schema:NewsArticle" and "http://schema.org/NewsArticle" name the same type.
  return list
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^.*[/:#]/, ''));
}

function parsedJsonLd(document: HtmlDocument): JsonNode[] {
  const documents: unknown[] = [];
  const scripts = document.querySelectorAll('script');
  for (let index = 0; index < scripts.length; index++) {
    const script = scripts[index];
    if (script.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    const source = script.textContent ?? '';
    if (source.length > MAX_JSON_LD_CHARS) continue;
    try {
      // CMSs wrap JSON-LD in CDATA or HTML comments.
      documents.push(JSON.parse(source.replace(/^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$/g, '')));
    } catch {
      // A broken block says nothing; the other sources still speak.
    }
  }
  return jsonLdNodes(documents);
}

/** Names from a JSON-LD author: a string, a Person or Organization ({name} or an @id into the graph), or a list. */
function personNames(value: unknown, byId: Map<string, JsonNode>, depth = 0): string[] {
  if (depth > 3) return [];
  if (Array.isArray(value)) return value.flatMap((entry) => personNames(entry, byId, depth + 1));
  if (typeof value === 'string') {
    const name = optionalLine(decoded(value), 100);
    return name && !/^https?:/i.test(name) ? [name] : [];
  }
  if (!isNode(value)) return [];
  if (value.name !== undefined) return personNames(value.name, byId, depth + 1);
  const ref = typeof value['@id'] === 'string' ? byId.get(value['@id']) : undefined;
  return ref && ref !== value ? personNames(ref, byId, depth + 1) : [];
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(stringList);
  if (typeof value !== 'string') return [];
  const text = decoded(value);
  if (KEYWORD_SEPARATOR.test(text)) return text.split(KEYWORD_SEPARATOR);
  // Chinese and Japanese sites set keywords apart by spaces ("宇航员 太空 国际空间站").
  return CJK.test(text) ? text.split(/\s+/) : [text];
}

function textValue(value: unknown): string | null {
  if (Array.isArray(value)) return textValue(value[0]);
  if (isNode(value)) return textValue(value['@value']);
  return typeof value === 'string' ? decoded(value) : null;
}

/** The JSON-LD node describing the article: an Article type first, else a WebPage. */
function articleNode(nodes: JsonNode[]): JsonNode | null {
  return (
    nodes.find((node) => types(node).some((type) => ARTICLE_TYPE.test(type))) ??
    nodes.find((node) => types(node).some((type) => PAGE_TYPE.test(type))) ??
    null
  );
}

function authorText(names: string[]): string | undefined {
  const unique = [...new Set(names)];
  return unique.length > 0 ? (optionalLine(unique.join(', '), 100) ?? unique[0]) : undefined;
}

/** A keyword as a tag: "Tag:Nodejs" (Medium's `key:value` keywords) gives its value, other keys none. */
function keywordTag(raw: string): string | null {
  const tag = plainText(raw);
  const keyed = KEYED_KEYWORD.exec(tag);
  if (keyed) return TAG_KEYS.test(keyed[1]) ? keyed[2] : null;
  return tag.length <= MAX_TAG_LENGTH && !EMPTY_VALUE.test(tag) && !TAG_LABEL.test(tag)
    ? tag
    : null;
}

/** Tags as stored, without overlong ones (a sentence in a keywords field is no tag). */
function cleanTags(raw: readonly string[]): string[] {
  return normalizeTags(raw.map(keywordTag).filter((tag): tag is string => tag !== null));
}

/** Lowercase words only, for comparing a title across the places a page states it. */
function titleKey(text: string): string {
  return plainText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The JSON-LD headline or name that the page also shows (its <h1>, og:title or <title>): Wikipedia's
 * headline is the Wikidata description ("Wikimedia list article"), its name the title. Null when
 * neither is shown but the page has a title of its own, which then wins.
 */
function jsonLdTitle(document: HtmlDocument, candidates: (string | null)[]): string | null {
  const titles = candidates
    .map((candidate) => optionalLine(candidate, 300))
    .filter((title): title is string => title !== null);
  if (titles.length === 0) return null;
  const shown = shownTitles(document);
  if (shown.length === 0) return titles[0];
  return (
    titles.find((title) => {
      const key = titleKey(title);
      return key !== '' && shown.some((text) => text.includes(key));
    }) ?? null
  );
}

/** The title as the page shows it (its <h1>, og:title, twitter:title, <title>), as `titleKey`s. */
function shownTitles(document: HtmlDocument): string[] {
  const h1 = document.querySelector('h1');
  return [
    h1 ? textOf(h1) : null,
    ...['og:title', 'twitter:title'].map(
      (name) =>
        document
          .querySelector(`meta[property="${name}"], meta[name="${name}"]`)
          ?.getAttribute('content') ?? null,
    ),
    document.querySelector('title')?.textContent ?? null,
  ]
    .map((text) => (text ? titleKey(text) : ''))
    .filter((key) => key !== '');
}

/** Keywords that are the headline itself ("una-solución-no-violenta-para-la-cuestión-mapuche") are no topics. */
function withoutHeadline(tags: string[], document: HtmlDocument): string[] {
  // Chinese and Japanese write no spaces between words: there a long keyword is as telling.
  const long = tags.filter((tag) =>
    CJK.test(tag)
      ? tag.length >= MIN_HEADLINE_TAG_CHARACTERS
      : tag.split('-').length >= MIN_HEADLINE_TAG_WORDS,
  );
  if (long.length === 0) return tags;
  const shown = shownTitles(document);
  const headline = new Set(
    long.filter((tag) => {
      const key = titleKey(tag.replace(/-/g, ' '));
      return shown.some((title) => title.includes(key));
    }),
  );
  return tags.filter((tag) => !headline.has(tag));
}

function readJsonLd(
  document: HtmlDocument,
  stated: StatedMetadata,
  fallback: StatedMetadata,
): void {
  const nodes = parsedJsonLd(document);
  const article = articleNode(nodes);
  if (!article) return;
  const byId = new Map<string, JsonNode>();
  for (const node of nodes) {
    // A bare {"@id"} is a reference to the node, not the node.
    const id = node['@id'];
    if (typeof id === 'string' && Object.keys(node).length > 1 && !byId.has(id)) byId.set(id, node);
  }
  const published =
    toPublicationDate(textValue(article.datePublished)) ??
    toPublicationDate(textValue(article.dateCreated));
  if (published) stated.publishedOn = published;
  const author = authorText(personNames(article.author ?? article.creator, byId));
  if (author) stated.author = author;
  const tags = cleanTags([...stringList(article.keywords), ...stringList(article.articleSection)]);
  if (tags.length > 0) stated.tags = tags;
  const title = jsonLdTitle(document, [textValue(article.headline), textValue(article.name)]);
  if (title) fallback.title = title;
  const description = textValue(article.description);
  if (description && plainText(description) !== '') fallback.summary = description;
}

/** `itemprop="datePublished"` on any element (a <time>, a <span content>), then `<time pubdate>`. */
function microdataDate(document: HtmlDocument): string | null {
  const marked = document.querySelectorAll('[itemprop~="datePublished"], time[pubdate]');
  for (let index = 0; index < marked.length; index++) {
    const element = marked[index];
    const date = toPublicationDate(
      element.getAttribute('content') ??
        element.getAttribute('datetime') ??
        plainText(textOf(element)),
    );
    if (date) return date;
  }
  return null;
}

function microdataAuthor(document: HtmlDocument): string | null {
  const author = document.querySelector('[itemprop~="author"]');
  if (!author) return null;
  const name = author.querySelector('[itemprop~="name"]') ?? author;
  return optionalLine(name.getAttribute('content') ?? plainText(textOf(name)), 100);
}

/** Whether an element sits in a table or an infobox, whose dates are facts about the subject, not the page. */
function inTableOrInfobox(element: HtmlElement): boolean {
  for (let node: HtmlElement | null = element; node; node = node.parentElement) {
    if (node.localName === 'table') return true;
    if (/infobox|sidebar|vcard|navbox/i.test(`${node.id} ${node.className}`)) return true;
  }
  return false;
}

/** The first `<time datetime>` outside tables and infoboxes: a visible date, used only as a fallback. */
function visibleTime(document: HtmlDocument): string | null {
  const times = document.querySelectorAll('time[datetime]');
  for (let index = 0; index < times.length; index++) {
    if (inTableOrInfobox(times[index])) continue;
    const date = toPublicationDate(times[index].getAttribute('datetime'));
    if (date) return date;
  }
  return null;
}

// Class and id words of the box beside a headline that says who wrote it and when.
const BYLINE_AREA =
  /byline|dateline|datestamp|timestamp|date|time|posted|published|pubdate|story-?info|post-?meta|entry-?meta|article-?meta|meta/i;
/** A date in the byline box is a short line; a longer element is a container of other things. */
const MAX_BYLINE_AREA_TEXT = 120;
/** The byline box sits within this many elements of the headline, before or after it. */
const BYLINE_AREA_REACH = 40;
// Boxes whose dates belong to something else: citations ("Retrieved 2016-05-01"), comments, related links.
const NOT_BYLINE = /reference|citation|cite|comment|related|sidebar|footnote|accessdate/i;
/** How far above the headline the byline box is looked for: its parent, grandparent, great-grandparent. */
const BYLINE_AREA_LEVELS = 3;

/**
 * A date written in the byline box beside the page's <h1> ("March 13, 2015 9:00PM"), for pages
 * that state none in metadata and whose box Readability drops. Read before the page is pruned;
 * never in tables or infoboxes.
 */
export function bylineAreaDate(document: HtmlDocument): string | null {
  const h1 = document.querySelector('h1');
  if (!h1) return null;
  let area: HtmlElement = h1;
  for (let level = 0; level < BYLINE_AREA_LEVELS && area.parentElement; level++) {
    area = area.parentElement;
    if (area.localName === 'body' || area.localName === 'html') return null;
    const elements = Array.from(area.querySelectorAll('*'));
    const headline = elements.indexOf(h1);
    const nearby = elements.slice(
      Math.max(0, headline - BYLINE_AREA_REACH),
      headline + BYLINE_AREA_REACH,
    );
    for (const element of nearby) {
      const names = `${element.id} ${typeof element.className === 'string' ? element.className : ''}`;
      if (element.localName !== 'time' && !BYLINE_AREA.test(names)) continue;
      const text = plainText(textOf(element));
      if (text === '' || text.length > MAX_BYLINE_AREA_TEXT) continue;
      const date = findDate(text);
      if (date && !inOtherBox(element, area)) return date.iso;
    }
  }
  return null;
}

/** Whether an element sits in a table, an infobox, a citation, a comment or other chrome below `area`. */
function inOtherBox(element: HtmlElement, area: HtmlElement): boolean {
  if (inTableOrInfobox(element)) return true;
  for (let node: HtmlElement | null = element; node && node !== area; node = node.parentElement) {
    if (isChromeElement(node) || NOT_BYLINE.test(`${node.id} ${node.className}`)) return true;
  }
  return false;
}

// Between a headline and the site's name in a <title>: " | ", " - ", " – ", " — ", " :: ", "_".
const TITLE_SEPARATOR = /\s+(?:[|–—-]|::|»)\s+|_/gu;
/** What is left of a title after its site name is a headline of this many characters at least. */
const MIN_HEADLINE_LENGTH = 10;

/** A name compared without case, spaces, punctuation or a trailing ".com": "Factorio.com" is "factorio". */
function nameKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.(?:com|net|org|co\.uk|tech|io)$/u, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The site's names as the page states them: og:site_name, application-name, twitter:site, its host. */
export function siteNames(document: HtmlDocument): string[] {
  const names: string[] = [];
  for (const meta of Array.from(document.querySelectorAll('meta[content]'))) {
    const key = `${meta.getAttribute('property') ?? ''} ${meta.getAttribute('name') ?? ''}`;
    if (/og:site_name|application-name|twitter:site/i.test(key)) {
      names.push((meta.getAttribute('content') ?? '').replace(/^@/, ''));
    }
  }
  const address =
    document.querySelector('link[rel="canonical"][href]')?.getAttribute('href') ??
    document.querySelector('meta[property="og:url"][content]')?.getAttribute('content');
  const host = address ? /^(?:https?:)?\/\/(?:www\.)?([^/:]+)/i.exec(address)?.[1] : undefined;
  if (host) names.push(host.split('.').slice(0, -1).join('.'), host.split('.')[0]);
  return names.map(nameKey).filter((key) => key.length >= 2);
}

/**
 * A title without the site's name (or the author's) a <title> or og:title adds after a separator:
 * "Getting LEAN with Digital Ad UX | IAB" is "Getting LEAN with Digital Ad UX".
 */
export function withoutSiteName(title: string, names: readonly string[]): string {
  const known = new Set(names);
  let rest = title;
  for (;;) {
    let last: RegExpExecArray | null = null;
    TITLE_SEPARATOR.lastIndex = 0;
    for (let match = TITLE_SEPARATOR.exec(rest); match; match = TITLE_SEPARATOR.exec(rest)) {
      last = match;
    }
    if (!last) return rest;
    const head = rest.slice(0, last.index).trim();
    if (
      head.length < MIN_HEADLINE_LENGTH ||
      !known.has(nameKey(rest.slice(last.index + last[0].length)))
    ) {
      return rest;
    }
    rest = head;
  }
}

/**
 * Reads what the page states about itself, wherever publishers put it: JSON-LD (Article types,
 * @graph), OpenGraph and article:*, Dublin Core, microdata, the date metas of news CMSs and
 * `<time datetime>`. `bodyTags` (from `takeTagLists`) rank below JSON-LD and above meta keywords.
 */
export function pageMetadata(document: HtmlDocument, bodyTags: string[] = []): PageMetadata {
  const stated: StatedMetadata = {};
  const fallback: StatedMetadata = {};
  readJsonLd(document, stated, fallback);
  const metas = metaValues(document);

  stated.publishedOn ??=
    toPublicationDate(firstOf(metas, DATE_NAMES)) ?? microdataDate(document) ?? undefined;
  const metaAuthor = firstOf(metas, AUTHOR_NAMES);
  const author = metaAuthor && !/^https?:/i.test(metaAuthor) ? optionalLine(metaAuthor, 100) : null;
  stated.author ??= author ?? microdataAuthor(document) ?? undefined;

  if (!stated.tags && bodyTags.length > 0) stated.tags = bodyTags;
  if (!stated.tags) {
    const tags = cleanTags(TAG_NAMES.flatMap((name) => metas.get(name) ?? []).flatMap(stringList));
    if (tags.length > 0) stated.tags = tags;
  }
  if (stated.tags) stated.tags = withoutHeadline(stated.tags, document);
  if (stated.tags?.length === 0) delete stated.tags;
  fallback.title ??= optionalLine(firstOf(metas, TITLE_NAMES), 300) ?? undefined;
  fallback.summary ??= firstOf(metas, DESCRIPTION_NAMES) ?? undefined;
  const time = visibleTime(document);
  if (time) fallback.publishedOn = time;
  for (const key of Object.keys(stated) as (keyof StatedMetadata)[]) {
    if (stated[key] === undefined) delete stated[key];
  }
  for (const key of Object.keys(fallback) as (keyof StatedMetadata)[]) {
    if (fallback[key] === undefined) delete fallback[key];
  }
  return { stated, fallback };
}

function isTagList(element: HtmlElement): boolean {
  const names = `${element.id} ${typeof element.className === 'string' ? element.className : ''}`;
  return TAG_LIST.test(names) && (element.textContent?.length ?? 0) <= MAX_TAG_LIST_TEXT;
}

const INLINE = new Set(['a', 'span', 'em', 'strong', 'b', 'i', 'small', 'li']);
// Besides its tag links, a tag line holds a label and separators ("Tags: a, b", "Posted in a").
const MAX_TAG_LINE_REST = 40;

/** The line a rel=tag link sits on, when that line is only tags: it goes with them. */
function tagLine(link: HtmlElement): HtmlElement {
  let line = link;
  while (
    line.parentElement &&
    INLINE.has(line.localName) &&
    line.parentElement.localName !== 'body'
  ) {
    line = line.parentElement;
  }
  const links = line.querySelectorAll('a[rel~="tag"]');
  let rest = plainText(textOf(line)).length;
  for (let index = 0; index < links.length; index++) rest -= plainText(textOf(links[index])).length;
  return rest <= MAX_TAG_LINE_REST ? line : link;
}

/**
 * Reads the page's tag links (`rel=tag`, `<ul class="tags">`, `.post-tags a`) and removes their
 * lists from the tree, so tags never reach the summary or a section. A rel=tag link inside
 * prose stays in the prose.
 */
export function takeTagLists(root: HtmlElement): string[] {
  const tags: string[] = [];
  const doomed: HtmlElement[] = [];
  for (const list of Array.from(root.querySelectorAll('[class], [id]')).filter(isTagList)) {
    const links = list.querySelectorAll('a');
    const entries = links.length > 0 ? links : list.querySelectorAll('li');
    for (let index = 0; index < entries.length; index++) tags.push(textOf(entries[index]));
    if (entries.length > 0) doomed.push(list);
  }
  const relTags = root.querySelectorAll('a[rel~="tag"]');
  for (let index = 0; index < relTags.length; index++) {
    tags.push(textOf(relTags[index]));
    const line = tagLine(relTags[index]);
    if (line !== relTags[index]) doomed.push(line);
  }
  for (const element of doomed) element.remove();
  return cleanTags(tags);
}
