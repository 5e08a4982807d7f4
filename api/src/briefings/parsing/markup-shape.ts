import { Parser } from 'htmlparser2';
import { tooComplex } from './briefing-parse-error.js';
import { formatCount, PARSE_LIMITS } from './parse-limits.js';

/** Thrown from inside the tokenizer's callbacks to stop reading at the first bound passed. */
class StopScanning extends Error {}

/**
 * Refuses HTML nested or sized past PARSE_LIMITS before linkedom builds it. The scan uses the
 * tokenizer linkedom parses with (htmlparser2), so implied closes (`<p>`, `<li>`) count as they
 * will in the tree; it stops at the limit, because htmlparser2's open-element stack costs
 * O(depth) per tag (100,000 nested `<div>`s took 11 s).
 */
export function checkHtmlShape(html: string): void {
  if (fewerTagsThanLimits(html)) return;
  let depth = 0;
  let elements = 0;
  let passed: 'markupDepth' | 'markupElements' | null = null;
  const parser = new Parser(
    {
      onopentag() {
        depth++;
        elements++;
        if (depth > PARSE_LIMITS.markupDepth) passed = 'markupDepth';
        else if (elements > PARSE_LIMITS.markupElements) passed = 'markupElements';
        if (passed) throw new StopScanning();
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  try {
    parser.end(html);
  } catch (error) {
    if (!(error instanceof StopScanning)) throw error;
  }
  if (passed) throw markupTooComplex(passed);
}

/** Every element opens with a '<': a document with few of them is within both bounds, unscanned. */
function fewerTagsThanLimits(html: string): boolean {
  let count = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    if (++count > PARSE_LIMITS.markupDepth) return false;
  }
  return true;
}

export function markupTooComplex(limit: 'markupDepth' | 'markupElements') {
  return limit === 'markupDepth'
    ? tooComplex(
        limit,
        `The document nests its markup more than ${formatCount(PARSE_LIMITS.markupDepth)} elements deep.`,
      )
    : tooComplex(
        limit,
        `The document has more than ${formatCount(PARSE_LIMITS.markupElements)} elements.`,
      );
}
