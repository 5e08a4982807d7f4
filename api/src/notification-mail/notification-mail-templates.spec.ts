import { renderNotificationMail } from './notification-mail-templates.js';

describe('renderNotificationMail', () => {
  const view = {
    recipientName: 'Ann <script>',
    intro: 'Bob mentioned you',
    entries: [
      {
        headline: 'Bob mentioned you in “AI & power”',
        excerpt: '<b>@ann</b> what do you think?',
        url: 'https://br.example/threads/t#comment-c',
      },
    ],
    replyHint: true,
    settingsUrl: 'https://br.example/account#notifications',
    unsubscribeUrl: 'https://br.example/api/notification-mail/unsubscribe?token=x',
    unsubscribeLabel: 'Stop mention e-mails',
  };

  it('escapes everything in the HTML part', () => {
    const { html } = renderNotificationMail(view);
    expect(html).toContain('Hi Ann &lt;script&gt;');
    expect(html).toContain('&lt;b&gt;@ann&lt;/b&gt; what do you think?');
    expect(html).toContain('href="https://br.example/threads/t#comment-c"');
    expect(html).toContain('Reply to this e-mail');
  });

  it('keeps the text part plain, with the excerpt and the link', () => {
    const { text } = renderNotificationMail({ ...view, replyHint: false });
    expect(text).toContain('Hi Ann <script>,');
    expect(text).toContain(
      '  <b>@ann</b> what do you think?\n  https://br.example/threads/t#comment-c',
    );
    expect(text).not.toContain('Reply to this e-mail');
    expect(text).toContain(
      'Stop mention e-mails: https://br.example/api/notification-mail/unsubscribe?token=x',
    );
  });
});
