import { domainAllowed, mappedRole, safeReturnTo } from './oidc-claims.js';

describe('OIDC claims', () => {
  const config = {
    roleClaim: 'groups',
    roleMap: new Map([
      ['briefroom-admins', 'admin' as const],
      ['briefroom-editors', 'editor' as const],
      ['everyone', 'viewer' as const],
    ]),
  };

  it('maps the highest role among the claim values, from a string or a list', () => {
    expect(mappedRole({ groups: ['everyone', 'briefroom-editors'] }, config)).toBe('editor');
    expect(mappedRole({ groups: 'briefroom-admins' }, config)).toBe('admin');
  });

  it('maps nothing for an absent, unknown or non-string claim, or with no claim configured', () => {
    expect(mappedRole({}, config)).toBeUndefined();
    expect(mappedRole({ groups: ['strangers', 42, null] }, config)).toBeUndefined();
    expect(mappedRole({ groups: { admin: true } }, config)).toBeUndefined();
    expect(
      mappedRole({ groups: 'briefroom-admins' }, { ...config, roleClaim: undefined }),
    ).toBeUndefined();
  });

  it('allows only the listed domains, exactly and in any case', () => {
    expect(domainAllowed('ada@Example.com', ['example.com'])).toBe(true);
    expect(domainAllowed('ada@sub.example.com', ['example.com'])).toBe(false);
    expect(domainAllowed('ada@example.com.evil.io', ['example.com'])).toBe(false);
    expect(domainAllowed('ada@example.com', [])).toBe(false);
  });

  it('returns only to paths on this site', () => {
    expect(safeReturnTo('/briefings/42?tab=threads')).toBe('/briefings/42?tab=threads');
    for (const bad of ['https://evil.io', '//evil.io', '/\\evil.io', 'briefings', '/a\nb', '', 7])
      expect(safeReturnTo(bad)).toBe('/');
  });
});
