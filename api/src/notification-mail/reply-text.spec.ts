import { replyText } from './reply-text.js';

describe(replyText.name, () => {
  it('keeps a Markdown quote the person wrote above their reply, and drops the quoted original', () => {
    const text = [
      '> Our rule: ship small, ship often.',
      '',
      'I agree, and the pilot proves it.',
      '',
      'On Mon, Dec 7, 2026 at 10:00 AM Briefroom <briefroom@example.com> wrote:',
      '> Someone mentioned you.',
      '> can you check',
    ].join('\n');
    expect(replyText(text)).toBe(
      '> Our rule: ship small, ship often.\n\nI agree, and the pilot proves it.',
    );
  });

  it('keeps a quote between two paragraphs of the reply', () => {
    const text = [
      'Two points.',
      '> the numbers were off',
      'They were, by ten percent.',
      '',
      'On Tue, Dec 8, 2026, Briefroom <briefroom@example.com>',
      'wrote:',
      '> original',
    ].join('\n');
    expect(replyText(text)).toBe(
      'Two points.\n\n> the numbers were off\n\nThey were, by ten percent.',
    );
  });

  it('drops the signature and a quote left at the bottom without a header', () => {
    const text = ['Ship it.', '', '-- ', 'Ann, CTO office', '', '> the original text'].join('\n');
    expect(replyText(text)).toBe('Ship it.');
    expect(replyText('Ship it.\n\n> the original\n> more of it')).toBe('Ship it.');
  });

  it('cuts at an Outlook separator', () => {
    const text = ['Yes.', '', '-----Original Message-----', 'From: Briefroom', 'Hi'].join('\n');
    expect(replyText(text)).toBe('Yes.');
  });

  it('is empty when only quotes are left', () => {
    expect(replyText('> only quoted text')).toBe('');
    expect(replyText('> a\n\n> b\n')).toBe('');
    expect(replyText('')).toBe('');
    expect(replyText('On Mon, Dec 7, 2026 Ann wrote:\n> all quoted')).toBe('');
  });
});
