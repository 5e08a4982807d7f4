import { type SectionKind } from './parsed-briefing.js';

const TAKEAWAY_HEADING =
  /(?:^|[^\p{L}])(?:key take-?aways?|take-?aways?|bottom[ -]line|tl;?\s?dr|so what|まとめ|結論|вывод|выводы|итог|итоги|الخلاصة)(?!\p{L})/iu;
const RELATED_HEADING =
  /^(?:related|further reading|read more|see also|more reading|recommended reading|more to read|関連|похожие|читайте также|ذات صلة)(?!\p{L})|(?<!\p{L})related (?:content|reading|articles|links|posts|stories|briefings)(?!\p{L})/iu;
const DISCUSSION_PREFIX =
  /^(?:discussion (?:prompt|question)|discussion|discuss|for discussion|ディスカッション|議論|обсуждение|نقاش)\s*(?:[:：—–]|\s-|-\s)\s*/iu;
const DISCUSSION_HEADING =
  /^(?:discussion(?: prompt| question)?|discuss|for discussion|ディスカッション|議論|обсуждение|نقاش)\s*[:：]?$/iu;
const READ_MORE =
  /^(?:read more|continue reading|read the full (?:story|article|briefing)|続きを読む|читать далее|اقرأ المزيد)\s*(?:→|->|»|›|…|\.\.\.)?$/iu;

/** The kind a heading asks for by its wording alone; the block's content can still overrule it. */
export function headingKind(heading: string): SectionKind {
  if (RELATED_HEADING.test(heading)) return 'related';
  if (TAKEAWAY_HEADING.test(heading)) return 'takeaway';
  return 'items';
}

/** The prompt of a "Discussion: …" paragraph without its prefix (maybe ''), or null for other text. */
export function discussionPrompt(paragraph: string): string | null {
  const match = DISCUSSION_PREFIX.exec(paragraph);
  return match ? paragraph.slice(match[0].length).trim() : null;
}

/** A heading such as "Discussion" whose paragraphs are the section's prompt. */
export function isDiscussionHeading(heading: string): boolean {
  return heading.length <= 40 && DISCUSSION_HEADING.test(heading);
}

/** The "Read more →" line that closes an entry of related reading. */
export function isReadMore(paragraph: string): boolean {
  return paragraph.length <= 40 && READ_MORE.test(paragraph);
}
