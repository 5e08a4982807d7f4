import Handlebars from 'handlebars';

/** One entry of a notification e-mail: what happened, what was said, and where. */
export interface MailEntry {
  headline: string;
  excerpt: string | null;
  url: string;
  /**
   * In an e-mail about several threads, the last entry of each thread carries that thread's own
   * signed reply address: a reply sent to it lands in that thread.
   */
  replyTo?: string | null;
}

export interface NotificationMailView {
  recipientName: string;
  intro: string;
  entries: MailEntry[];
  /** Set when the mail's entries are about one thread the recipient may answer by replying. */
  replyHint: boolean;
  /** Set when entries carry their own thread's reply address (an e-mail about several threads). */
  entryReplies?: boolean;
  settingsUrl: string;
  unsubscribeUrl: string;
  unsubscribeLabel: string;
}

// One template per part; handlebars escapes every {{value}} in HTML, and the text part is compiled
// with escaping off (it is never rendered as HTML).
const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{intro}}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2933">
<div style="max-width:600px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
<p style="margin:0 0 16px">Hi {{recipientName}},</p>
<p style="margin:0 0 16px">{{intro}}</p>
{{#each entries}}
<div style="border-left:3px solid #3b82f6;padding:4px 0 4px 12px;margin:0 0 16px">
<p style="margin:0 0 4px;font-weight:600"><a href="{{url}}" style="color:#1d4ed8">{{headline}}</a></p>
{{#if excerpt}}<p style="margin:0;color:#3e4c59">{{excerpt}}</p>{{/if}}
{{#if replyTo}}<p style="margin:4px 0 0;font-size:13px"><a href="mailto:{{replyTo}}" style="color:#1d4ed8">Reply in this thread by e-mail</a></p>{{/if}}
</div>
{{/each}}
{{#if replyHint}}<p style="margin:0 0 16px;color:#52606d">Reply to this e-mail to answer in the thread.</p>{{/if}}
{{#if entryReplies}}<p style="margin:0 0 16px;color:#52606d">To answer in a thread, use its “Reply in this thread” link: each writes to that thread’s own address.</p>{{/if}}
<hr style="border:none;border-top:1px solid #e4e7eb;margin:24px 0 12px">
<p style="margin:0;font-size:12px;color:#7b8794"><a href="{{settingsUrl}}" style="color:#7b8794">E-mail settings</a> · <a href="{{unsubscribeUrl}}" style="color:#7b8794">{{unsubscribeLabel}}</a></p>
</div></body></html>
`;

const TEXT = `Hi {{recipientName}},

{{intro}}
{{#each entries}}

* {{headline}}
{{#if excerpt}}  {{excerpt}}
{{/if}}
  {{url}}
{{#if replyTo}}  Reply in this thread: {{replyTo}}
{{/if}}
{{/each}}
{{#if replyHint}}

Reply to this e-mail to answer in the thread.
{{/if}}
{{#if entryReplies}}

To answer in a thread, write to its "Reply in this thread" address.
{{/if}}

--
E-mail settings: {{settingsUrl}}
{{unsubscribeLabel}}: {{unsubscribeUrl}}
`;

const html = Handlebars.compile<NotificationMailView>(HTML, { strict: true });
const text = Handlebars.compile<NotificationMailView>(TEXT, { noEscape: true, strict: true });

/** The HTML and plain-text parts of a notification e-mail, each from its one template. */
export function renderNotificationMail(view: NotificationMailView): { html: string; text: string } {
  // strict templates: every optional field is present, if only as null
  const full = {
    ...view,
    entryReplies: view.entryReplies ?? false,
    entries: view.entries.map((entry) => ({ ...entry, replyTo: entry.replyTo ?? null })),
  };
  return { html: html(full), text: text(full).replace(/\n{3,}/g, '\n\n') };
}
