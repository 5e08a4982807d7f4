import { splitLeadSentence, splitMarkedLead, trimTitle } from './lead-sentence.js';

describe(splitLeadSentence.name, () => {
  it.each([
    [
      'AI infra meets energy and climate constraints. TSMC is leaning in.',
      'AI infra meets energy and climate constraints',
      'TSMC is leaning in.',
    ],
    [
      'The U.S. Treasury moved first. Others followed.',
      'The U.S. Treasury moved first',
      'Others followed.',
    ],
    ['Gemma runs 3.5x faster. Latency halves.', 'Gemma runs 3.5x faster', 'Latency halves.'],
    [
      'Tools, e.g. linters, got faster. Builds too.',
      'Tools, e.g. linters, got faster',
      'Builds too.',
    ],
    [
      'Acme Inc. Buys Widgets Ltd. For $2B. Shareholders cheer.',
      'Acme Inc. Buys Widgets Ltd. For $2B',
      'Shareholders cheer.',
    ],
    ['Dr. Smith joins as CTO. She starts Monday.', 'Dr. Smith joins as CTO', 'She starts Monday.'],
    [
      'Fleet efficiency vs. reliability is the trade. Netflix explains.',
      'Fleet efficiency vs. reliability is the trade',
      'Netflix explains.',
    ],
    ['Is AI a bubble? Analysts disagree.', 'Is AI a bubble?', 'Analysts disagree.'],
    ['He said “stop.” Then he left.', 'He said “stop.”', 'Then he left.'],
    ['Wait... There is more. Really.', 'Wait... There is more', 'Really.'],
    [
      'AIインフラが電力制約に直面。TSMCは風力に頼る。',
      'AIインフラが電力制約に直面',
      'TSMCは風力に頼る。',
    ],
    ['Рынки растут. Нефть дешевеет.', 'Рынки растут', 'Нефть дешевеет.'],
    ['One sentence only.', 'One sentence only', null],
    ['No period at all', 'No period at all', null],
  ])('%s', (text, title, body) => {
    expect(splitLeadSentence(text)).toEqual({ title, body });
  });

  it('shortens a run-on lead and keeps the whole text as the body', () => {
    const text = 'word '.repeat(200).trim();
    const { title, body } = splitLeadSentence(text);
    expect(title.length).toBeLessThanOrEqual(201);
    expect(title.endsWith('…')).toBe(true);
    expect(body).toBe(text);
  });
});

describe(splitMarkedLead.name, () => {
  it('takes the marked lead as the title and drops the separator before the body', () => {
    expect(splitMarkedLead('Lead. Body.', 'Lead.')).toEqual({ title: 'Lead', body: 'Body.' });
    expect(splitMarkedLead('Lead: body', 'Lead:')).toEqual({ title: 'Lead', body: 'body' });
    expect(splitMarkedLead('Link — teaser', 'Link')).toEqual({ title: 'Link', body: 'teaser' });
    expect(splitMarkedLead('Just the lead.', 'Just the lead.')).toEqual({
      title: 'Just the lead',
      body: null,
    });
  });

  it('falls back to the lead sentence when the lead is not at the start', () => {
    expect(splitMarkedLead('First. Second.', 'Second.')).toEqual({
      title: 'First',
      body: 'Second.',
    });
  });
});

describe(trimTitle.name, () => {
  it('removes trailing periods and colons only', () => {
    expect(trimTitle('Title...')).toBe('Title');
    expect(trimTitle('Title:')).toBe('Title');
    expect(trimTitle('Title?')).toBe('Title?');
    expect(trimTitle('...')).toBe('');
    expect(trimTitle('Done。')).toBe('Done');
  });
});
