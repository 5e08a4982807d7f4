import { SHORT_TITLE_MAX, shortTitleOf } from './thread-short-title.js';

describe(shortTitleOf.name, () => {
  it.each([
    [
      'Where are your AI infra plans most exposed to energy constraints, and what would you change first?',
      'Where are your AI infra plans most exposed to energy constraints',
    ],
    ['Should we adopt OpenTelemetry this quarter?', 'Should we adopt OpenTelemetry this quarter?'],
    [
      'Which of our services still lack a documented owner? List them below.',
      'Which of our services still lack a documented owner?',
    ],
    [
      'Is the 8th‑gen TPU worth it — or do we wait for the next one?',
      'Is the 8th‑gen TPU worth it',
    ],
    [
      'What do we do about vendor lock-in; is multi-cloud worth it?',
      'What do we do about vendor lock-in',
    ],
    ['Pick one: Warsaw or Berlin for the offsite?', 'Pick one: Warsaw or Berlin for the offsite?'],
    [
      'So, what should the team do next about e.g. latency in v3.5 builds?',
      'So, what should the team do next about e.g. latency in v3.5 builds?',
    ],
    [
      'Budget (the one from March) needs a second look.',
      'Budget (the one from March) needs a second look',
    ],
    ['  Whitespace\n  everywhere   here, really  ', 'Whitespace everywhere here, really'],
  ])('%s → %s', (prompt, title) => {
    expect(shortTitleOf(prompt)).toBe(title);
  });

  it.each([
    [
      'Where are your AI infra plans out of sync with power, location, and security reality? This is a good week to review your AI vendor exposure.',
      'Where are your AI infra plans out of sync with power, location, and security reality?',
    ],
    [
      'Ask where you can earn durable advantage by building ‘boring but critical’ infra—caching, feature flags, unified data models—versus renting from vendors.',
      'Ask where you can earn durable advantage by building ‘boring but critical’ infra',
    ],
    [
      'If you’re experimenting with agents today, start designing the guardrails now: what’s your policy for what agents may execute?',
      'If you’re experimenting with agents today, start designing the guardrails now',
    ],
    [
      'Use the current oil and market relief as a window to stress‑test your business for the next digital or geopolitical shock: where are your single points of failure?',
      'Use the current oil and market relief as a window to stress‑test your business for the…',
    ],
  ])('sample briefing: %s', (prompt, title) => {
    expect(shortTitleOf(prompt)).toBe(title);
  });

  it('cuts a long first clause at a word and marks the cut', () => {
    const title = shortTitleOf(`${'word '.repeat(40)}end`);
    expect(title.length).toBeLessThanOrEqual(SHORT_TITLE_MAX);
    expect(title).toMatch(/word…$/);
  });

  it('cuts a single enormous word too', () => {
    expect(shortTitleOf('x'.repeat(300))).toHaveLength(SHORT_TITLE_MAX);
  });

  it('keeps a short text whole', () => {
    expect(shortTitleOf('Grid capacity')).toBe('Grid capacity');
  });
});
