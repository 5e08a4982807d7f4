import type { SearchType } from './search-documents.js';
import { foldText } from './search-text.js';

/**
 * Reads a question the way people ask it ("what did we decide about key rotation last week?")
 * before Meilisearch sees it: question words and filler go (they must not veto a match), the
 * intent picks which types rank first, and dates and people become filters. Pure: the service
 * resolves the people it names and runs the search.
 */

/** Question words and filler: never what a question is about. */
const FILLER = new Set(
  `a about above after again all already also am an and any anyone anything are around as at be
  been before being both but by can could did do does doing done during each ever every for from
  get got had has have having he her here hers him his how i if in into is it its it's just know
  latest let let's me my near no nor of on once only or our ours ourselves please re regarding
  she should show so some someone something still tell than that that's the their theirs them
  then there these they this those through to under until up us was we we've were what what's
  whats when where which while who who's whom whose why will with would you your anybody`.split(
    /\s+/,
  ),
);

/** Words that say what kind of answer is wanted; read as an intent and dropped from the terms. */
const INTENTS: { types: SearchType[]; words: string[] }[] = [
  {
    types: ['decision'],
    words: `decide decided decides deciding decision decisions agree agreed agreement conclude
      concluded conclusion settle settled chose chosen choose approve approved policy ruling`.split(
      /\s+/,
    ),
  },
  {
    types: ['action'],
    words: `own owns owned owner owners owning assigned assignee assign due deadline responsible
      task tasks todo to-do action actions follow-up follow-ups doing working`.split(/\s+/),
  },
  {
    types: ['comment', 'discussion'],
    words: `said say says saying discuss discussed discussing discussion discussions argue argued
      arguing argument mentioned mention mentions talk talked talking comment comments commented
      thread threads thought think thinks opinion opinions raised debate debated`.split(/\s+/),
  },
];
const INTENT_OF = new Map(INTENTS.flatMap(({ types, words }) => words.map((w) => [w, types])));

/** "did we stop hiring", "have we dropped X": a yes/no question about a decision. */
const DID_WE = /^\s*(did|have|has|are|were|do)\s+(we|they|the team|you)\b/i;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH = `(${MONTHS.map((m) => `${m}|${m.slice(0, 3)}`).join('|')})`;

export interface DateRange {
  from?: string;
  to?: string;
  /** The words that said it, as written ("last week", "in May"). */
  said: string;
}

export interface QueryReading {
  /** What Meilisearch is asked for: the question without filler, intent, dates and people. */
  terms: string;
  /** Types to rank first (from the intent); empty when the question names none. */
  types: SearchType[];
  dates: DateRange | undefined;
  /** People named: `@handle`s and possessive names ("Dana's"). */
  people: { handle?: string; name?: string; said: string }[];
  /** Whether anything was read out of the question (then rare words matter most). */
  natural: boolean;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** The dates a phrase names, relative to `now` (UTC; weeks start on Monday). */
export function readDates(text: string, now: Date): { range: DateRange; rest: string } | undefined {
  const today = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const weekday = (today.getUTCDay() + 6) % 7; // Monday = 0
  const monday = utc(y, m, today.getUTCDate() - weekday);
  const rules: { pattern: RegExp; range: (match: RegExpExecArray) => DateRange }[] = [
    {
      pattern: /\b(last|past|previous) week\b/i,
      range: (x) => ({
        from: day(utc(y, m, monday.getUTCDate() - 7)),
        to: day(utc(y, m, monday.getUTCDate() - 1)),
        said: x[0],
      }),
    },
    {
      pattern: /\bthis week\b/i,
      range: (x) => ({ from: day(monday), to: day(today), said: x[0] }),
    },
    {
      pattern: /\b(last|past|previous) month\b/i,
      range: (x) => ({ from: day(utc(y, m - 1, 1)), to: day(utc(y, m, 0)), said: x[0] }),
    },
    {
      pattern: /\bthis month\b/i,
      range: (x) => ({ from: day(utc(y, m, 1)), to: day(today), said: x[0] }),
    },
    {
      pattern: /\b(last|past) (\d{1,3}) days\b/i,
      range: (x) => ({
        from: day(utc(y, m, today.getUTCDate() - Number(x[2]))),
        to: day(today),
        said: x[0],
      }),
    },
    {
      pattern: /\byesterday\b/i,
      range: (x) => {
        const d = day(utc(y, m, today.getUTCDate() - 1));
        return { from: d, to: d, said: x[0] };
      },
    },
    { pattern: /\btoday\b/i, range: (x) => ({ from: day(today), to: day(today), said: x[0] }) },
    {
      // "in May", "during May 2026", "since March": the latest such month not in the future.
      pattern: new RegExp(`\\b(in|during|since|from) ${MONTH}(?:\\s+(\\d{4}))?\\b`, 'i'),
      range: (x) => {
        const month = MONTHS.findIndex((name) => name.startsWith(x[2].toLowerCase().slice(0, 3)));
        const year = x[3] ? Number(x[3]) : month > m ? y - 1 : y;
        const from = day(utc(year, month, 1));
        if (x[1].toLowerCase() === 'since') return { from, said: x[0] };
        return { from, to: day(utc(year, month + 1, 0)), said: x[0] };
      },
    },
    {
      pattern: /\b(in|during) (20\d{2})\b/i,
      range: (x) => ({ from: `${x[2]}-01-01`, to: `${x[2]}-12-31`, said: x[0] }),
    },
  ];
  for (const rule of rules) {
    const match = rule.pattern.exec(text);
    if (match) {
      return {
        range: rule.range(match),
        rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`,
      };
    }
  }
  return undefined;
}

/** Reads a query; `now` anchors relative dates. A quoted phrase is kept exactly as written. */
export function readQuery(q: string, now: Date): QueryReading {
  let text = foldText(q).trim();
  const types = new Set<SearchType>();
  if (DID_WE.test(text)) types.add('decision');

  const dates = readDates(text, now);
  if (dates) text = dates.rest;

  const people: QueryReading['people'] = [];
  text = text.replace(
    /(^|\s)@([a-z0-9][a-z0-9._-]{0,39})\b/gi,
    (_, lead: string, handle: string) => {
      people.push({ handle: handle.toLowerCase(), said: `@${handle}` });
      return lead;
    },
  );
  text = text.replace(/(^|\s)(\p{Lu}[\p{L}-]+)'s\b/gu, (_, lead: string, name: string) => {
    people.push({ name, said: `${name}'s` });
    return `${lead}${name}'s`;
  });

  // Quoted phrases pass through whole; other words are filtered one by one.
  const kept: string[] = [];
  let dropped = false;
  for (const part of text.match(/"[^"]*"|\S+/g) ?? []) {
    if (part.startsWith('"')) {
      kept.push(part);
      continue;
    }
    const word = part.replace(/^[^\p{L}\p{N}@#]+|[^\p{L}\p{N}+#]+$/gu, '');
    const lower = word.toLowerCase();
    if (!word) continue;
    const person = people.find((p) => p.name && lower === `${p.name.toLowerCase()}'s`);
    if (person) {
      dropped = true;
      continue;
    }
    const intent = INTENT_OF.get(lower);
    if (intent) {
      intent.forEach((t) => types.add(t));
      dropped = true;
      continue;
    }
    if (FILLER.has(lower)) {
      dropped = true;
      continue;
    }
    kept.push(word);
  }
  return {
    terms: kept.join(' '),
    types: [...types],
    dates: dates?.range,
    people,
    natural: dropped || types.size > 0 || dates !== undefined || people.length > 0,
  };
}

/** "decisions", "actions and decisions": how the page names what it shows. */
export function describeTypes(types: SearchType[]): string {
  const plural: Record<SearchType, string> = {
    briefing: 'briefings',
    item: 'items',
    discussion: 'discussions',
    comment: 'comments',
    action: 'actions',
    decision: 'decisions',
  };
  const names = types.map((t) => plural[t]);
  return names.length > 1
    ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
    : (names[0] ?? '');
}
