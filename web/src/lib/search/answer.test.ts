import { describe, expect, it } from 'vitest';
import {
  answerFacts,
  interpretationSentence,
  type SearchAnswer,
  type SearchInterpreted,
} from './answer';

const interpreted = (over: Partial<SearchInterpreted> = {}): SearchInterpreted => ({
  terms: 'key rotation',
  types: [],
  filters: { people: [] },
  mode: 'hybrid',
  notice: null,
  ...over,
});

describe('interpretationSentence', () => {
  it('says which types come first and what about', () => {
    expect(
      interpretationSentence(
        'what did we decide about key rotation',
        interpreted({ types: ['decision'] }),
      ),
    ).toBe('Showing decisions first about key rotation');
  });

  it('names people and dates', () => {
    const sentence = interpretationSentence(
      "Dana's decisions in May",
      interpreted({
        terms: '',
        types: ['decision'],
        filters: {
          people: [{ id: 'u1', name: 'Dana Whitfield' }],
          dates: 'in May',
          from: '2026-05-01',
          to: '2026-05-31',
        },
      }),
    );
    expect(sentence).toMatch(/^Showing decisions first by Dana Whitfield in May \(.+ – .+\)$/);
  });

  it('says nothing for a plain keyword query', () => {
    expect(interpretationSentence('key rotation', interpreted())).toBeNull();
  });

  it('says the filler went when only that changed', () => {
    expect(interpretationSentence('the key rotation', interpreted())).toBe(
      'Showing results about key rotation',
    );
  });
});

describe('answerFacts', () => {
  const base: SearchAnswer = {
    type: 'decision',
    id: 'd1',
    title: 'Rotate AI vendor keys quarterly',
    url: '/decisions/d1',
    text: 'Every key is rotated each quarter.',
    rationale: 'Leaks.',
    status: 'accepted',
    date: '2026-05-08',
    dueOn: null,
    person: { id: 'u1', name: 'Dana Whitfield' },
    thread: null,
    actions: [],
    supersededBy: null,
  };

  it('reads a decision: status, date and who decided', () => {
    expect(answerFacts(base)).toMatch(/^Accepted · .+ · decided by Dana Whitfield$/);
  });

  it('reads an action: status, owner and due date', () => {
    expect(
      answerFacts({
        ...base,
        type: 'action',
        status: 'open',
        dueOn: '2026-07-15',
        person: { id: 'u2', name: 'Ravi Menon' },
      }),
    ).toMatch(/^Open · owned by Ravi Menon · due /);
    expect(answerFacts({ ...base, type: 'action', status: 'open', person: null })).toBe(
      'Open · no owner yet · no due date',
    );
  });

  it('reads a comment: author and date', () => {
    expect(answerFacts({ ...base, type: 'comment', status: null })).toMatch(/^Dana Whitfield · /);
  });
});
