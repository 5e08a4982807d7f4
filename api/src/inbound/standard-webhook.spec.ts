import {
  WEBHOOK_SECRET_PREFIX,
  newWebhookSecret,
  signWebhook,
  verifyWebhook,
} from './standard-webhook.js';

// The Standard Webhooks specification's published example: any of its libraries must agree.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: Buffer.from('{"test": 2432232314}'),
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const vectorHeaders = {
  'webhook-id': vector.id,
  'webhook-timestamp': String(vector.timestamp),
  'webhook-signature': vector.signature,
};

describe('Standard Webhooks signing', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  const at = (seconds: number) => jest.useFakeTimers({ now: seconds * 1000 });

  it('signs the specification’s example exactly', () => {
    expect(
      signWebhook(vector.secret, {
        id: vector.id,
        timestamp: new Date(vector.timestamp * 1000),
        payload: vector.payload,
      }),
    ).toEqual(vectorHeaders);
  });

  it('verifies the specification’s example within the tolerance, either side', () => {
    at(vector.timestamp + 299);
    expect(verifyWebhook(vector.secret, vectorHeaders, vector.payload)).toEqual({
      ok: true,
      id: vector.id,
      timestamp: new Date(vector.timestamp * 1000),
    });
    at(vector.timestamp - 299);
    expect(verifyWebhook(vector.secret, vectorHeaders, vector.payload).ok).toBe(true);
  });

  it('accepts one good signature among several (a sender rotating its secret)', () => {
    at(vector.timestamp);
    const headers = {
      ...vectorHeaders,
      'webhook-signature': `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${vector.signature}`,
    };
    expect(verifyWebhook(vector.secret, headers, vector.payload).ok).toBe(true);
  });

  it('refuses a timestamp more than five minutes old or ahead', () => {
    at(vector.timestamp + 301);
    expect(verifyWebhook(vector.secret, vectorHeaders, vector.payload)).toEqual({
      ok: false,
      reason: 'the timestamp is more than 5 minutes old',
    });
    at(vector.timestamp - 301);
    expect(verifyWebhook(vector.secret, vectorHeaders, vector.payload)).toEqual({
      ok: false,
      reason: 'the timestamp is more than 5 minutes in the future',
    });
  });

  it('refuses a changed body, id or timestamp, another secret, and a bare signature', () => {
    at(vector.timestamp);
    const refused = (
      secret: string,
      headers: Record<string, string>,
      payload: Buffer = vector.payload,
    ) => verifyWebhook(secret, headers, payload);
    expect(refused(vector.secret, vectorHeaders, Buffer.from('{"test": 2432232315}'))).toEqual({
      ok: false,
      reason: 'no signature matches this integration’s secret',
    });
    expect(refused(vector.secret, { ...vectorHeaders, 'webhook-id': 'msg_other' }).ok).toBe(false);
    expect(
      refused(vector.secret, {
        ...vectorHeaders,
        'webhook-timestamp': String(vector.timestamp + 1),
      }).ok,
    ).toBe(false);
    expect(refused(newWebhookSecret(), vectorHeaders).ok).toBe(false);
    expect(
      refused(vector.secret, {
        ...vectorHeaders,
        'webhook-signature': vector.signature.slice('v1,'.length),
      }).ok,
    ).toBe(false);
  });

  it('refuses missing, repeated or malformed headers without throwing', () => {
    at(vector.timestamp);
    const { 'webhook-signature': _signature, ...unsigned } = vectorHeaders;
    expect(verifyWebhook(vector.secret, unsigned, vector.payload)).toEqual({
      ok: false,
      reason: 'the webhook-id, webhook-timestamp and webhook-signature headers are required',
    });
    expect(
      verifyWebhook(
        vector.secret,
        { ...vectorHeaders, 'webhook-id': [vector.id, vector.id] },
        vector.payload,
      ).ok,
    ).toBe(false);
    expect(
      verifyWebhook(
        vector.secret,
        { ...vectorHeaders, 'webhook-timestamp': '2021-02-25T15:02:10Z' },
        vector.payload,
      ),
    ).toEqual({ ok: false, reason: 'webhook-timestamp must be whole seconds since 1970' });
  });

  it('makes fresh 32-byte secrets that sign and verify a round trip', () => {
    const secret = newWebhookSecret();
    expect(secret.startsWith(WEBHOOK_SECRET_PREFIX)).toBe(true);
    expect(Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
    const payload = Buffer.from('<h1>Café</h1>', 'latin1');
    const headers = signWebhook(secret, { id: 'msg_1', timestamp: new Date(), payload });
    expect(verifyWebhook(secret, { ...headers }, payload).ok).toBe(true);
  });
});
