import type { EventCard } from './webhook-event-facts.js';
import type { WebhookFormat } from './webhooks.dto.js';

/** What a delivery row keeps: the generic envelope and the card chat formats are made from. */
export interface StoredEvent {
  envelope: { type: string; timestamp: string; data: Record<string, unknown> };
  card: EventCard;
}

/** Slack mrkdwn treats these three as control characters. */
const slackEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The body a hook receives, in its format: the Standard Webhooks envelope (`type`, `timestamp`,
 * `data`) for `json`; a Slack message with Block Kit blocks; a Teams message carrying an Adaptive
 * Card (Power Automate / incoming-webhook workflows take this shape). Links are absolute.
 */
export function renderDelivery(
  format: WebhookFormat,
  stored: StoredEvent,
  origin: string,
): unknown {
  const url = new URL(stored.card.path, origin).href;
  const { headline, excerpt } = stored.card;
  switch (format) {
    case 'json':
      return {
        ...stored.envelope,
        data: { ...stored.envelope.data, url },
      };
    case 'slack':
      return {
        text: headline,
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `*<${url}|${slackEscape(headline)}>*` },
          },
          ...(excerpt
            ? [{ type: 'section', text: { type: 'mrkdwn', text: slackEscape(excerpt) } }]
            : []),
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `Briefroom · \`${stored.envelope.type}\`` }],
          },
        ],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: headline, weight: 'Bolder', size: 'Medium', wrap: true },
                ...(excerpt ? [{ type: 'TextBlock', text: excerpt, wrap: true }] : []),
                {
                  type: 'TextBlock',
                  text: `Briefroom · ${stored.envelope.type}`,
                  isSubtle: true,
                  size: 'Small',
                  wrap: true,
                },
              ],
              actions: [{ type: 'Action.OpenUrl', title: 'Open in Briefroom', url }],
            },
          },
        ],
      };
  }
}
