import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import {
  calendarDate,
  readMail,
  stripForwardPrefix,
  UnreadableMailError,
} from './mail-document.js';

function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({
    from: 'Editor <editor@example.test>',
    to: 'briefings+token@briefroom.test',
    ...options,
  })
    .compile()
    .build();
}

const gmailForward = `<div dir="ltr">FYI, this week's issue<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Platform Weekly</strong> <span dir="auto">&lt;news@platform.example&gt;</span><br>Date: Mon, May 4, 2026 at 7:00 AM<br>Subject: Platform Weekly: May 4, 2026<br>To: &lt;editor@example.test&gt;<br></div><br><br><h2>Tech News</h2><p>Rust 2.0 ships</p></div></div>`;

const gmailForwardText = `FYI, this week's issue

---------- Forwarded message ---------
From: Platform Weekly <news@platform.example>
Date: Mon, May 4, 2026 at 7:00 AM
Subject: Platform Weekly: May 4, 2026
To: <editor@example.test>


Platform Weekly: May 4, 2026

Tech News
- Rust 2.0 ships
`;

describe('readMail', () => {
  it('imports the HTML part, with the Subject as the title it lacks and the Date header’s own calendar date', async () => {
    const raw = await compose({
      subject: 'Fwd: Daily Sync: May 7, 2026',
      date: 'Fri, 08 May 2026 01:30:00 +1000',
      messageId: '<issue-42@news.example>',
      text: 'the text part',
      html: '<html><head></head><body><h2>Tech News</h2><p>Hello</p></body></html>',
    });
    const mail = await readMail(raw);
    expect(mail).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      messageId: '<issue-42@news.example>',
      title: 'Daily Sync: May 7, 2026',
      publishedOn: '2026-05-08',
    });
    expect(mail.content).toContain('<title>Daily Sync: May 7, 2026</title>');
    expect(mail.content).toContain('<h2>Tech News</h2>');
  });

  it('keeps an HTML document’s own title', async () => {
    const raw = await compose({
      subject: 'Something else',
      html: '<html><head><title>The Issue</title></head><body><p>Hi</p></body></html>',
    });
    const mail = await readMail(raw);
    expect(mail.content).toContain('<title>The Issue</title>');
    expect(mail.content).not.toContain('Something else');
  });

  it('imports the text part when there is no HTML, decoded from its charset', async () => {
    const raw = Buffer.from(
      'Subject: Notes\r\nMessage-ID: <n1@example.test>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n' +
        'Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 R=E9sum=E9\r\n\r\nTech News\r\n',
    );
    const mail = await readMail(raw);
    expect(mail).toMatchObject({ contentType: 'text/plain; charset=utf-8', title: 'Notes' });
    expect(mail.content).toBe('Café Résumé\n\nTech News\n');
  });

  it('strips a Gmail forwarding wrapper and takes the forwarded message’s subject and date', async () => {
    const raw = await compose({
      subject: 'Fwd: Platform Weekly: May 4, 2026',
      date: 'Tue, 12 May 2026 09:00:00 +0000',
      text: gmailForwardText,
      html: gmailForward,
    });
    const mail = await readMail(raw);
    expect(mail.title).toBe('Platform Weekly: May 4, 2026');
    expect(mail.publishedOn).toBe('2026-05-04');
    expect(mail.content).toContain('<h2>Tech News</h2>');
    expect(mail.content).not.toMatch(/Forwarded message|FYI|news@platform/);
  });

  it('gives a bare HTML fragment the Subject as its title', async () => {
    const raw = await compose({ subject: 'Fwd: Weekly', html: '<h2>Tech News</h2><p>Hi</p>' });
    const mail = await readMail(raw);
    expect(mail.content).toContain('<title>Weekly</title>');
    expect(mail.content).toContain('<h2>Tech News</h2>');
  });

  it('strips an Outlook forwarding block and the note above it', async () => {
    const html =
      '<html><head><title>Weekly</title></head><body><div>see below</div><hr>' +
      '<div id="divRplyFwdMsg"><b>From:</b> News &lt;news@example.test&gt;<br><b>Sent:</b> Monday, May 4, 2026 7:00 AM<br><b>Subject:</b> Weekly</div>' +
      '<h2>Tech News</h2><p>Hi</p></body></html>';
    const mail = await readMail(await compose({ subject: 'FW: Weekly', html }));
    expect(mail.content).toContain('<h2>Tech News</h2>');
    expect(mail.content).not.toMatch(/see below|news@example|<hr>/);
  });

  it('strips the forwarding header of a text-only forward', async () => {
    const raw = await compose({
      subject: 'Fw: Platform Weekly: May 4, 2026',
      text: gmailForwardText,
    });
    const mail = await readMail(raw);
    expect(mail.contentType).toBe('text/plain; charset=utf-8');
    expect(mail.content.startsWith('Platform Weekly: May 4, 2026')).toBe(true);
    expect(mail.content).toContain('- Rust 2.0 ships');
    expect(mail.content).not.toMatch(/Forwarded message|FYI/);
  });

  it('refuses a mail with nothing but an attachment, saying why', async () => {
    const raw = await compose({
      subject: 'Slides',
      attachments: [{ filename: 'deck.pdf', content: Buffer.from('%PDF-1.4') }],
    });
    await expect(readMail(raw)).rejects.toThrow(UnreadableMailError);
    await expect(readMail(raw)).rejects.toThrow(/no HTML or text part/);
  });

  it('identifies a mail without a Message-ID by its content', async () => {
    const raw = Buffer.from('Subject: Hi\r\nContent-Type: text/plain\r\n\r\nHello there\r\n');
    const first = await readMail(raw);
    expect(first.messageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await readMail(raw)).messageId).toBe(first.messageId);
    expect((await readMail(Buffer.concat([raw, Buffer.from('more\r\n')]))).messageId).not.toBe(
      first.messageId,
    );
  });
});

describe('mail subjects and dates', () => {
  it('drops every Fwd:/Fw: prefix', () => {
    expect(stripForwardPrefix('Fwd: FW: fwd:Weekly')).toBe('Weekly');
    expect(stripForwardPrefix('Fwd:  ')).toBeUndefined();
    expect(stripForwardPrefix('Forwarding rules')).toBe('Forwarding rules');
  });

  it('reads the calendar dates senders write', () => {
    expect(calendarDate('Thu, 07 May 2026 07:00:00 -0500')).toBe('2026-05-07');
    expect(calendarDate('Mon, May 4, 2026 at 7:00 AM')).toBe('2026-05-04');
    expect(calendarDate('2026-05-04T07:00:00Z')).toBe('2026-05-04');
    expect(calendarDate('4. Mai 2026, 10 messages 2026, May 4th, 2026')).toBe('2026-05-04');
    expect(calendarDate('Feb 30, 2026')).toBeUndefined();
    expect(calendarDate('no date here')).toBeUndefined();
  });
});
