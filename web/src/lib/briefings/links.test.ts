import { describe, expect, it } from 'vitest';
import { safeLinkHref } from './links';

describe(safeLinkHref.name, () => {
  it('keeps web and mail links', () => {
    expect(safeLinkHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeLinkHref(' http://example.com ')).toBe('http://example.com');
    expect(safeLinkHref('mailto:cto@example.com')).toBe('mailto:cto@example.com');
  });

  it('refuses script, data and relative links from imported documents', () => {
    expect(safeLinkHref('javascript:alert(1)')).toBeNull();
    expect(safeLinkHref(' JavaScript:alert(1)')).toBeNull();
    expect(safeLinkHref('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeLinkHref('/admin/users')).toBeNull();
    expect(safeLinkHref(null)).toBeNull();
  });
});
