import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by a `whsec_<base64>`
 * secret. Used for deliveries in and out, through the specification's own library.
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A timestamp further than this from now, either way, is refused (the specification's tolerance, built into the library). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export type WebhookVerdict =
  { ok: true; id: string; timestamp: Date } | { ok: false; reason: string };

/** A fresh secret: 32 random bytes, as the specification writes them. */
export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The headers that sign `payload` (the exact bytes sent) as message `id` at `timestamp`. */
export function signWebhook(
  secret: string,
  message: { id: string; timestamp: Date; payload: Buffer | string },
): WebhookHeaders {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(message.id, message.timestamp, message.payload),
  };
}

/** Checks the signature over the raw bytes received and the timestamp's freshness; never throws. */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  payload: Buffer,
): WebhookVerdict {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signature = single(headers['webhook-signature']);
  if (!id || !timestamp || !signature) {
    return {
      ok: false,
      reason: 'the webhook-id, webhook-timestamp and webhook-signature headers are required',
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'webhook-timestamp must be whole seconds since 1970' };
  }
  try {
    new Webhook(secret).verify(
      payload,
      {
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': signature,
      },
      { jsonParse: false },
    );
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return { ok: false, reason: reasonOf(error.message) };
  }
  return { ok: true, id, timestamp: new Date(Number(timestamp) * 1000) };
}

/** A header sent twice is not a signature anyone made. */
function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function reasonOf(libraryMessage: string): string {
  if (/too old/i.test(libraryMessage))
    return `the timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS / 60} minutes old`;
  if (/too new/i.test(libraryMessage))
    return `the timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS / 60} minutes in the future`;
  if (/signature/i.test(libraryMessage) && /no matching/i.test(libraryMessage))
    return 'no signature matches this integration’s secret';
  return 'the signature headers are malformed';
}
