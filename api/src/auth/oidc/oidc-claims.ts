import { ROLES, type Role } from '../../users/user.entity.js';
import type { OidcConfig } from './oidc-config.js';

/** The role the provider's claim maps to (the highest of several), or undefined when none maps. */
export function mappedRole(
  claims: Record<string, unknown>,
  config: Pick<OidcConfig, 'roleClaim' | 'roleMap'>,
): Role | undefined {
  if (!config.roleClaim) return undefined;
  const raw = claims[config.roleClaim];
  const values = Array.isArray(raw) ? raw : [raw];
  let best: Role | undefined;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const role = config.roleMap.get(value);
    if (role && (!best || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}

/** Whether a new account may be made for this address on first sign-in. */
export function domainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return allowedDomains.includes(domain);
}

/**
 * Where to go after signing in: a path on this site only. Anything else (another origin, `//host`,
 * a backslash trick, control characters) falls back to the start page.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  return raw;
}
