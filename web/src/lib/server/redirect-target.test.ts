import { describe, expect, it } from 'vitest';
import { loginUrlFor, safeRedirectTarget } from './redirect-target';

describe(safeRedirectTarget.name, () => {
  it.each([
    ['/briefings?x=1', '/briefings?x=1'],
    ['/', '/'],
    ['/account#tokens', '/account#tokens'],
    ['/search?q=a%20b', '/search?q=a%20b'],
  ])('accepts the same-site path %s', (raw, expected) => {
    expect(safeRedirectTarget(raw)).toBe(expected);
  });

  it.each([
    '//evil.com',
    '//evil.com/briefings',
    'https://evil.com/',
    'http://localhost:3000/briefings',
    '/\\evil.com',
    '\\\\evil.com',
    'javascript:alert(1)',
    'briefings',
    '/\tevil',
    ' /briefings',
    '',
  ])('rejects %j and falls back to /', (raw) => {
    expect(safeRedirectTarget(raw)).toBe('/');
  });

  it('rejects a missing value', () => {
    expect(safeRedirectTarget(null)).toBe('/');
    expect(safeRedirectTarget(undefined, '/briefings')).toBe('/briefings');
  });

  it('normalises dot segments without leaving the site', () => {
    expect(safeRedirectTarget('/a/../../briefings')).toBe('/briefings');
  });
});

describe(loginUrlFor.name, () => {
  it('carries the current path and query in next', () => {
    expect(loginUrlFor(new URL('http://localhost/search?q=ai&type=briefing'))).toBe(
      '/login?next=%2Fsearch%3Fq%3Dai%26type%3Dbriefing',
    );
  });

  it('omits next for the start page', () => {
    expect(loginUrlFor(new URL('http://localhost/'))).toBe('/login');
  });

  it('produces a next that the sanitiser accepts back unchanged', () => {
    const login = new URL(
      loginUrlFor(new URL('http://localhost/actions?overdue=true')),
      'http://localhost',
    );
    expect(safeRedirectTarget(login.searchParams.get('next'))).toBe('/actions?overdue=true');
  });
});
