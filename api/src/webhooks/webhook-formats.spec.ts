import { excerptOf } from './webhook-event-facts.js';
import { renderDelivery, type StoredEvent } from './webhook-formats.js';

const stored: StoredEvent = {
  envelope: {
    type: 'comment.created',
    timestamp: '2026-12-07T10:00:00.000Z',
    data: { comment: { id: 'c1' }, path: '/threads/t1#comment-c1' },
  },
  card: {
    headline: 'Ann commented on “<AI> & power”',
    excerpt: 'We should *move* now',
    path: '/threads/t1#comment-c1',
  },
};

describe('renderDelivery', () => {
  it('sends the Standard Webhooks envelope with an absolute link for json', () => {
    expect(renderDelivery('json', stored, 'https://br.example')).toEqual({
      type: 'comment.created',
      timestamp: '2026-12-07T10:00:00.000Z',
      data: {
        comment: { id: 'c1' },
        path: '/threads/t1#comment-c1',
        url: 'https://br.example/threads/t1#comment-c1',
      },
    });
  });

  it('escapes Slack control characters and links the headline', () => {
    const body = renderDelivery('slack', stored, 'https://br.example') as {
      text: string;
      blocks: Array<{ type: string; text?: { text: string } }>;
    };
    expect(body.text).toBe(stored.card.headline);
    expect(body.blocks[0].text?.text).toBe(
      '*<https://br.example/threads/t1#comment-c1|Ann commented on “&lt;AI&gt; &amp; power”>*',
    );
    expect(body.blocks.map((block) => block.type)).toEqual(['section', 'section', 'context']);
  });

  it('wraps an Adaptive Card for Teams with an open-URL action', () => {
    const body = renderDelivery(
      'teams',
      { ...stored, card: { ...stored.card, excerpt: null } },
      'https://br.example',
    ) as {
      attachments: Array<{
        contentType: string;
        content: { type: string; body: unknown[]; actions: Array<{ url: string }> };
      }>;
    };
    const [attachment] = body.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content.type).toBe('AdaptiveCard');
    expect(attachment.content.body).toHaveLength(2);
    expect(attachment.content.actions[0].url).toBe('https://br.example/threads/t1#comment-c1');
  });
});

describe('excerptOf', () => {
  it('drops Markdown and shortens with an ellipsis', () => {
    expect(excerptOf('## Title\n\n> quoted **bold** [link](http://x) `code`')).toBe(
      'Title quoted bold link code',
    );
    expect(excerptOf('a'.repeat(300), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
