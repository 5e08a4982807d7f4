import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  chromeFindings,
  type CorpusDocument,
  corpusDocuments,
  markupFindings,
} from '../../../test/fixtures/realworld/quality.mjs';
import { decodeDocument } from './decode-document.js';
import { BriefingParseError, type ParsedBriefing, parseBriefings } from './index.js';

/** Documents written by others (see SOURCES.md there), imported as the upload path imports them. */
const CORPUS = join(__dirname, '../../../test/fixtures/realworld');

/** Share of the corpus that must import; raised as the parsers improve (bench/realworld-import.mjs prints it). */
const ACCEPTED_FLOOR = 0.97;

/** Largest share of briefings from web pages that may keep page chrome (issue 13's target). */
const CHROME_CEILING = 0.02;

/** Files whose briefings the parsers still store with literal markup; emptied as they are fixed, never grown. */
const MARKUP_PENDING = new Set<string>([]);

interface Outcome {
  document: CorpusDocument;
  content?: string;
  briefings?: ParsedBriefing[];
  error?: unknown;
}

function importDocument(document: CorpusDocument): Outcome {
  const content = decodeDocument(readFileSync(document.path), document.contentType);
  try {
    return { document, content, briefings: parseBriefings(content, document.format) };
  } catch (error) {
    return { document, error };
  }
}

describe('real-world corpus', () => {
  const documents = corpusDocuments(CORPUS);
  let outcomes: Outcome[] = [];

  // Some 13 s of parsing when idle (130 saved pages through content extraction); more on a busy machine.
  beforeAll(() => {
    outcomes = documents.map(importDocument);
  }, 120_000);

  it('holds the documents of every source', () => {
    expect(documents.length).toBeGreaterThanOrEqual(240);
    expect([...new Set(documents.map((document) => document.source))]).toEqual([
      'feedparser-tests',
      'node-feedparser',
      'readability-test-pages',
      'rss-parser',
      'this-month-in-rust-osdev',
      'this-week-in-nushell',
      'this-week-in-rust',
    ]);
  });

  it('refuses only with a BriefingParseError that says why, never a parser crash', () => {
    const bad = outcomes
      .filter((outcome) => outcome.error !== undefined)
      .filter(
        ({ error }) =>
          !(error instanceof BriefingParseError) ||
          error.message.trim() === '' ||
          error.cause !== undefined,
      )
      .map(({ document, error }) => ({
        file: document.file,
        error: String(error instanceof BriefingParseError && error.cause ? error.cause : error),
      }));
    expect(bad).toEqual([]);
  });

  it('stores no literal markup or character entities in any text field', () => {
    const offenders = outcomes
      .filter((outcome) => !MARKUP_PENDING.has(outcome.document.file))
      .flatMap(({ document, content, briefings = [] }) =>
        briefings.flatMap((briefing, index) =>
          markupFindings(briefing, content, document.format).map(
            (finding) => `${document.file} #${index} ${finding.field}: ${finding.match}`,
          ),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it(`keeps page chrome out of at least ${100 - CHROME_CEILING * 100}% of web-page briefings`, () => {
    const pages = outcomes.filter((outcome) => outcome.document.format === 'html');
    const briefings = pages.flatMap(({ briefings = [] }) => briefings);
    const withChrome = pages.flatMap(({ document, briefings = [] }) =>
      briefings
        .map((briefing) => ({ file: document.file, findings: chromeFindings(briefing, 'html') }))
        .filter((entry) => entry.findings.length > 0),
    );
    // Past the ceiling the failure lists every briefing with chrome and what was found.
    const allowed = Math.floor(briefings.length * CHROME_CEILING);
    expect(withChrome.length > allowed ? withChrome : []).toEqual([]);
  });

  it(`accepts at least ${ACCEPTED_FLOOR * 100}% of the documents`, () => {
    const accepted = outcomes.filter((outcome) => (outcome.briefings?.length ?? 0) > 0).length;
    expect(accepted / documents.length).toBeGreaterThanOrEqual(ACCEPTED_FLOOR);
  });
});
