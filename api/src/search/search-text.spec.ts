import { foldText, indexedText, plainText } from './search-text.js';

describe('foldText', () => {
  it.each([
    ['8th\u2011gen TPU', '8th-gen TPU'],
    ['future\u2010token', 'future-token'],
    ['de\u2013escalation \u2014 talks', 'de-escalation - talks'],
    ['\u2212 5', '- 5'],
    ['soft\u00ADhyphen', 'softhyphen'],
    ['zero\u200Bwidth', 'zerowidth'],
    ['\u201Cquoted\u201D and \u201Elow\u201C', '"quoted" and "low"'],
    ['Dana\u2019s \u2018note\u2019', "Dana's 'note'"],
    ['non\u00A0breaking', 'non breaking'],
    ['\uFB01nance \uFF34\uFF30\uFF35', 'finance TPU'],
  ])('%j → %j', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });
});

describe('plainText (what a snippet shows of Markdown)', () => {
  it.each([
    ['**bold** and __strong__', 'bold and strong'],
    ['*em* and _em_', 'em and em'],
    ['> a quote\n> more', 'a quote\nmore'],
    ['use `kubectl apply` now', 'use kubectl apply now'],
    ['```ts\nconst x = 1;\n```', 'const x = 1;'],
    ['# Heading\n- item one\n* item two\n1. kept', 'Heading\nitem one\nitem two\n1. kept'],
    ['see [the doc](https://x.test/a) and ![img](a.png)', 'see the doc and img'],
    ['~~old~~ new', 'old new'],
    ['snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
  ])('%j → %j', (markdown, plain) => {
    expect(plainText(markdown)).toBe(plain);
  });

  it('folds and strips in one go for the index', () => {
    expect(indexedText('> **8th\u2011gen** TPU')).toBe('8th-gen TPU');
  });
});
