// Fixtures for tests: plausible API objects, each overridable field by field.
import type { ApiToken, Invite, User } from '$lib/dto/auth';

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '0b6c5a3e-5f43-4a43-9c55-7f6f0f0e2a11',
    email: 'ada@example.com',
    displayName: 'Ada Lovelace',
    role: 'member',
    active: true,
    createdAt: '2026-05-01T09:30:00.000Z',
    ...overrides,
  };
}

export function makeApiToken(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: '5d0f8f7e-1c1e-4a39-8d7c-0f2f8a5b9c01',
    name: 'Weekly report script',
    role: 'viewer',
    createdAt: '2026-05-02T08:00:00.000Z',
    lastUsedAt: null,
    expiresAt: '2026-06-01T08:00:00.000Z',
    ...overrides,
  };
}

export function makeInvite(overrides: Partial<Invite> = {}): Invite {
  return {
    id: '9a7e2b1c-3d4f-4e5a-8b6c-7d8e9f0a1b2c',
    email: 'grace@example.com',
    role: 'editor',
    createdAt: '2026-05-03T12:00:00.000Z',
    expiresAt: '2026-05-10T12:00:00.000Z',
    acceptedAt: null,
    ...overrides,
  };
}

/** A JSON response as the API would send it. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function contractError(
  status: number,
  code: string,
  message: string,
  details: unknown = null,
) {
  return jsonResponse(status, { error: { code, message, details } });
}
