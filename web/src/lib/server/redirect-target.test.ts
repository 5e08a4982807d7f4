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

  it.each([
    '/.//evil.com',
    '/%2e//evil.com',
    '/%2E%2E//evil.com',
    '/a/..//evil.com',
    '/a/%2e%2e//evil.com',
    '/..//evil.com/briefings?x=1',
    '/./%2e/.//evil.com',
    '/.\\/evil.com',
    '/%2e/\\evil.com',
    '/.//\tevil.com',
    '/.//evil.com\n',
    '/\u00a0/evil.com',
  ])('rejects %j, whose dot segments or whitespace collapse to another host', (raw) => {
    expect(safeRedirectTarget(raw)).toBe('/');
  });

  it.each([
    ['/%2F%2Fevil.com', '/%2F%2Fevil.com'],
    ['/%5Cevil.com', '/%5Cevil.com'],
    ['/.%2F/evil.com', '/.%2F/evil.com'],
    ['/javascript:alert(1)', '/javascript:alert(1)'],
    ['/briefings/caf\u00e9', '/briefings/caf%C3%A9'],
  ])('keeps the encoded path %j on this site', (raw, expected) => {
    const target = safeRedirectTarget(raw);

    expect(target).toBe(expected);
    expect(new URL(target, 'https://briefroom.example.com').origin).toBe(
      'https://briefroom.example.com',
    );
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
