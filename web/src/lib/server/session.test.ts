import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE, endSession, readSessionToken, startSession } from './session';

function fakeCookies(initial: Record<string, string> = {}) {
  return {
    get: vi.fn((name: string) => initial[name]),
    set: vi.fn(),
    delete: vi.fn(),
  } as unknown as Cookies & { set: ReturnType<typeof vi.fn>; delete: ReturnType<typeof vi.fn> };
}

describe('session cookie', () => {
  it('stores the token httpOnly, SameSite=Lax, on the whole site, secure only when PUBLIC_URL is https', () => {
    const cookies = fakeCookies();

    startSession(cookies, new URL('https://briefroom.example.com'), 'sess_1');
    startSession(cookies, new URL('http://localhost:3000'), 'sess_2');

    expect(cookies.set).toHaveBeenNthCalledWith(
      1,
      SESSION_COOKIE,
      'sess_1',
      expect.objectContaining({ httpOnly: true, sameSite: 'lax', path: '/', secure: true }),
    );
    expect(cookies.set).toHaveBeenNthCalledWith(
      2,
      SESSION_COOKIE,
      'sess_2',
      expect.objectContaining({ secure: false }),
    );
  });

  it('reads an empty cookie as no session', () => {
    expect(readSessionToken(fakeCookies({ [SESSION_COOKIE]: '' }))).toBeNull();
    expect(readSessionToken(fakeCookies({ [SESSION_COOKIE]: 'sess_1' }))).toBe('sess_1');
  });

  it('deletes the cookie on the same path, with the same Secure flag, it was set with', () => {
    const cookies = fakeCookies();
    endSession(cookies, new URL('https://briefroom.example.com'));
    expect(cookies.delete).toHaveBeenCalledWith(
      SESSION_COOKIE,
      expect.objectContaining({ path: '/', secure: true }),
    );
  });
});
