// How the built parser imports the real-world corpus (api/test/fixtures/realworld, documents written by
// others): share accepted per source, refusals by reason, briefings with literal markup or entities
// (target 0) or page chrome (target ≤ 2%), and decode + parse time p50/p95 per format.
// Usage: (cd api && node build.mjs) && node bench/realworld-import.mjs [--json] [--runs N]
//        node bench/realworld-import.mjs --list <class>   files behind a refusal class (a substring of it,
//        e.g. NO_STRUCTURE or "no date"), or behind `markup`, `chrome` or `accepted`
// BRIEFROOM_API_DIST=<dir> measures another build.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  chromeFindings,
  corpusDocuments,
  markupFindings,
  refusalClass,
} from '../api/test/fixtures/realworld/quality.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.BRIEFROOM_API_DIST ?? `${root}api/dist`;
const { parseBriefings } = await import(`${dist}/briefings/parsing/index.js`).catch(() => {
  console.error('Build the api first: cd api && node build.mjs');
  process.exit(1);
});
// The import decodes uploaded bytes by their charset when the build has the decoder; else UTF-8.
const decoderPath = `${dist}/briefings/parsing/decode-document.js`;
const decodeDocument = existsSync(decoderPath)
  ? (await import(decoderPath)).decodeDocument
  : (bytes) => new TextDecoder('utf-8').decode(bytes);
const decoder = existsSync(decoderPath)
  ? 'decodeDocument'
  : 'utf-8 (no decodeDocument in this build)';

const args = process.argv.slice(2);
const json = args.includes('--json');
const listIndex = args.indexOf('--list');
const list = listIndex >= 0 ? (args[listIndex + 1] ?? '') : null;
const runsIndex = args.indexOf('--runs');
const runs = Math.max(1, Number(runsIndex >= 0 ? args[runsIndex + 1] : 3) || 3);

const documents = corpusDocuments(`${root}api/test/fixtures/realworld`).map((document) => ({
  ...document,
  bytes: readFileSync(document.path),
}));

function importDocument(document) {
  const content = decodeDocument(document.bytes, document.contentType);
  return { content, briefings: parseBriefings(content, document.format) };
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// One pass for the outcome and a warm JIT, then `runs` timed passes (each document's median counts).
const results = documents.map((document) => {
  try {
    const { content, briefings } = importDocument(document);
    return {
      document,
      briefings: briefings.map((briefing, index) => ({
        index,
        title: briefing.title,
        sections: briefing.sections.length,
        items: briefing.sections.reduce((sum, section) => sum + section.items.length, 0),
        markup: markupFindings(briefing, content, document.format),
        chrome: chromeFindings(briefing, document.format),
      })),
    };
  } catch (error) {
    return { document, refusal: refusalClass(error), message: String(error?.message ?? error) };
  }
});
const timesByFormat = {};
for (const result of results) {
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    try {
      importDocument(result.document);
    } catch {
      // refusals are timed too: the importer waits for them as well
    }
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  result.ms = samples[Math.floor(samples.length / 2)];
  (timesByFormat[result.document.format] ??= []).push(result.ms);
}

const share = (part, whole) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
function tally(subset) {
  const accepted = subset.filter((result) => result.briefings);
  const briefings = accepted.flatMap((result) => result.briefings);
  const withMarkup = briefings.filter((briefing) => briefing.markup.length > 0).length;
  const withChrome = briefings.filter((briefing) => briefing.chrome.length > 0).length;
  return {
    documents: subset.length,
    accepted: accepted.length,
    acceptedPercent: share(accepted.length, subset.length),
    briefings: briefings.length,
    briefingsWithMarkup: withMarkup,
    markupPercent: share(withMarkup, briefings.length),
    briefingsWithChrome: withChrome,
    chromePercent: share(withChrome, briefings.length),
  };
}

const sources = [...new Set(documents.map((document) => document.source))];
const bySource = Object.fromEntries(
  sources.map((source) => [
    source,
    tally(results.filter((result) => result.document.source === source)),
  ]),
);
const overall = tally(results);
const refusals = {};
for (const result of results.filter((entry) => entry.refusal)) {
  (refusals[result.refusal] ??= []).push(result.document.file);
}
const refusalList = Object.entries(refusals)
  .sort((a, b) => b[1].length - a[1].length)
  .map(([reason, files]) => ({ reason, count: files.length, files }));
const flagged = (key) =>
  results.flatMap((result) =>
    (result.briefings ?? [])
      .filter((briefing) => briefing[key].length > 0)
      .map((briefing) => ({
        file: result.document.file,
        briefing: briefing.index,
        title: briefing.title,
        findings: briefing[key],
      })),
  );
const pageBriefings = results
  .filter((result) => result.document.format === 'html')
  .flatMap((result) => result.briefings ?? []);
const pageChrome = {
  briefings: pageBriefings.length,
  withChrome: pageBriefings.filter((briefing) => briefing.chrome.length > 0).length,
};
pageChrome.percent = share(pageChrome.withChrome, pageChrome.briefings);
const slowest = [...results]
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 5)
  .map((result) => ({
    file: result.document.file,
    ms: Math.round(result.ms),
    bytes: result.document.bytes.length,
  }));
const markup = flagged('markup');
const chrome = flagged('chrome');
const timing = Object.fromEntries(
  Object.entries(timesByFormat).map(([format, times]) => {
    times.sort((a, b) => a - b);
    return [
      format,
      {
        documents: times.length,
        p50Ms: Math.round(percentile(times, 50) * 100) / 100,
        p95Ms: Math.round(percentile(times, 95) * 100) / 100,
        maxMs: Math.round(times[times.length - 1] * 100) / 100,
      },
    ];
  }),
);

if (list !== null) {
  const needle = list.toLowerCase();
  if (needle === 'markup' || needle === 'chrome') {
    for (const entry of needle === 'markup' ? markup : chrome) {
      console.log(
        `${entry.file} #${entry.briefing}  ${entry.findings.map((f) => `${f.field} ${f.kind} ${JSON.stringify(f.match)}`).join('; ')}`,
      );
    }
  } else if (needle === 'accepted') {
    for (const result of results.filter((entry) => entry.briefings)) {
      console.log(
        `${result.document.file}  ${result.briefings.length} briefing(s): ${result.briefings.map((b) => `${JSON.stringify(b.title)} (${b.sections} sections, ${b.items} items)`).join('; ')}`,
      );
    }
  } else {
    for (const result of results.filter((entry) => entry.refusal?.toLowerCase().includes(needle))) {
      console.log(`${result.document.file}  ${result.message}`);
    }
  }
  process.exit(0);
}

if (json) {
  console.log(
    JSON.stringify(
      {
        decoder,
        runs,
        overall,
        bySource,
        pageChrome,
        refusals: refusalList,
        markup,
        chrome,
        timing,
        slowest,
      },
      null,
      2,
    ),
  );
  process.exit(0);
}

const row = (label, t) =>
  `${label.padEnd(26)} ${String(t.documents).padStart(4)} docs  accepted ${String(t.accepted).padStart(4)} (${t.acceptedPercent.toFixed(1).padStart(5)}%)  briefings ${String(t.briefings).padStart(5)}  markup ${String(t.briefingsWithMarkup).padStart(4)} (${t.markupPercent.toFixed(1)}%)  chrome ${String(t.briefingsWithChrome).padStart(4)} (${t.chromePercent.toFixed(1)}%)`;
console.log(
  `Real-world corpus: ${documents.length} documents, decoded with ${decoder}, ${runs} timed runs each\n`,
);
for (const source of sources) console.log(row(source, bySource[source]));
console.log(row('ALL', overall));
console.log('\nRefusals by class (count, first files):');
for (const { reason, count, files } of refusalList) {
  console.log(
    `  ${String(count).padStart(4)}  ${reason}\n        ${files.slice(0, 4).join(', ')}${files.length > 4 ? ', …' : ''}`,
  );
}
console.log(`\nBriefings with literal markup or entities: ${markup.length} (target 0)`);
for (const entry of markup.slice(0, 25)) {
  const first = entry.findings[0];
  console.log(
    `  ${entry.file} #${entry.briefing}  ${first.field} ${first.kind} ${JSON.stringify(first.match)}${entry.findings.length > 1 ? ` (+${entry.findings.length - 1})` : ''}`,
  );
}
if (markup.length > 25) console.log(`  … ${markup.length - 25} more (--list markup)`);
console.log(
  `\nBriefings with page chrome: ${chrome.length} of ${overall.briefings} (${overall.chromePercent}%, target ≤ 2%); of the ${pageChrome.briefings} from web pages, ${pageChrome.withChrome} (${pageChrome.percent}%)`,
);
for (const entry of chrome.slice(0, 25)) {
  const first = entry.findings[0];
  console.log(
    `  ${entry.file} #${entry.briefing}  ${first.field} ${first.kind} ${JSON.stringify(first.match)}${entry.findings.length > 1 ? ` (+${entry.findings.length - 1})` : ''}`,
  );
}
if (chrome.length > 25) console.log(`  … ${chrome.length - 25} more (--list chrome)`);
console.log('\nDecode + parse time per document, by format:');
for (const [format, t] of Object.entries(timing)) {
  console.log(
    `  ${format.padEnd(9)} ${String(t.documents).padStart(4)} docs  p50 ${t.p50Ms.toFixed(2)} ms  p95 ${t.p95Ms.toFixed(2)} ms  max ${t.maxMs.toFixed(2)} ms`,
  );
}
console.log('\nSlowest documents:');
for (const { file, ms, bytes } of slowest) {
  console.log(`  ${String(ms).padStart(6)} ms  ${file} (${Math.round(bytes / 1024)} KB)`);
}
