import type { ParsedBriefing, ParsedSection } from './parsing/index.js';
import { planReimport, type StoredStructure } from './reimport-plan.js';

const section = (
  heading: string,
  items: string[],
  prompt: string | null = null,
  kind: ParsedSection['kind'] = 'items',
): ParsedSection => ({
  heading,
  kind,
  body: null,
  items: items.map((title) => ({ title, body: null, url: null, links: [] })),
  discussion: prompt ? { prompt } : null,
});

const briefing = (sections: ParsedSection[]): ParsedBriefing => ({
  title: 'Daily Sync: May 7, 2026',
  slug: 'daily-sync-2026-05-07',
  series: 'Daily Sync',
  publishedOn: '2026-05-07',
  author: null,
  readingMinutes: null,
  tags: [],
  summary: null,
  sections,
});

const stored: StoredStructure = {
  sections: [
    { id: 's-news', position: 0, heading: 'Tech News', kind: 'items' },
    { id: 's-macro', position: 1, heading: 'Macro', kind: 'items' },
    { id: 's-take', position: 2, heading: 'CTO Takeaway', kind: 'takeaway' },
  ],
  items: [
    { id: 'i-a', sectionId: 's-news', title: 'Alpha' },
    { id: 'i-b', sectionId: 's-news', title: 'Beta' },
    { id: 'i-c', sectionId: 's-macro', title: 'Gamma' },
  ],
  prompts: [
    { id: 'p-news', sectionId: 's-news' },
    { id: 'p-macro', sectionId: 's-macro' },
  ],
};

describe(planReimport.name, () => {
  let counter = 0;
  const newId = () => `new-${++counter}`;
  beforeEach(() => (counter = 0));

  it('keeps every id when nothing changed', () => {
    const sut = planReimport(
      stored,
      briefing([
        section('Tech News', ['Alpha', 'Beta'], 'Q1'),
        section('Macro', ['Gamma'], 'Q2'),
        section('CTO Takeaway', [], null, 'takeaway'),
      ]),
      newId,
    );
    expect(sut.sections.map((s) => s.id)).toEqual(['s-news', 's-macro', 's-take']);
    expect(sut.sections.flatMap((s) => s.items.map((i) => i.id))).toEqual(['i-a', 'i-b', 'i-c']);
    expect(sut.sections.map((s) => s.prompt?.id ?? null)).toEqual(['p-news', 'p-macro', null]);
    expect(sut).toMatchObject({ deleteSectionIds: [], deleteItemIds: [], deletePromptIds: [] });
  });

  it('keeps a prompt id when only its text changed, and matches headings ignoring case and spacing', () => {
    const sut = planReimport(
      stored,
      briefing([
        section('tech  news', ['alpha', 'Beta'], 'A reworded question'),
        section('Macro', ['Gamma'], 'Q2'),
      ]),
      newId,
    );
    expect(sut.sections[0]).toMatchObject({
      id: 's-news',
      prompt: { id: 'p-news', existing: true, text: 'A reworded question' },
    });
    expect(sut.sections[0].items.map((i) => i.id)).toEqual(['i-a', 'i-b']);
    expect(sut.deleteSectionIds).toEqual(['s-take']);
  });

  it('moves an item between sections without changing its id, and lists what disappeared', () => {
    const sut = planReimport(
      stored,
      briefing([section('Tech News', ['Gamma', 'Delta']), section('Macro', [], 'Q2')]),
      newId,
    );
    expect(sut.sections[0].items).toEqual([
      expect.objectContaining({ id: 'i-c', existing: true, title: 'Gamma' }),
      expect.objectContaining({ id: 'new-1', existing: false, title: 'Delta' }),
    ]);
    expect(sut.deleteItemIds).toEqual(['i-a', 'i-b']);
    expect(sut.deletePromptIds).toEqual(['p-news']);
    expect(sut.sections[1].prompt).toEqual({ id: 'p-macro', existing: true, text: 'Q2' });
  });

  it('falls back to position and kind when a heading was renamed', () => {
    const sut = planReimport(
      stored,
      briefing([section('Technology News', ['Alpha'], 'Q1'), section('Macro', ['Gamma'], 'Q2')]),
      newId,
    );
    expect(sut.sections[0]).toMatchObject({
      id: 's-news',
      existing: true,
      prompt: { id: 'p-news' },
    });
  });

  it('creates new ids for a brand-new briefing', () => {
    const sut = planReimport(
      { sections: [], items: [], prompts: [] },
      briefing([section('News', ['One'], 'Why?')]),
      newId,
    );
    const [planned] = sut.sections;
    expect(planned).toMatchObject({
      existing: false,
      items: [{ existing: false }],
      prompt: { existing: false },
    });
    expect(new Set([planned.id, planned.items[0].id, planned.prompt!.id])).toEqual(
      new Set(['new-1', 'new-2', 'new-3']),
    );
  });
});
