// The audit page's filters as its URL carries them: the form submits them with GET, so the page,
// its next-page link and its CSV link all read the same query string.
import type { AuditQuery } from '$lib/api/types';

export const FILTER_FIELDS = ['action', 'actorId', 'targetType', 'targetId', 'from', 'to'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type AuditFilters = Partial<Record<FilterField, string>>;

/** Event names the API records, offered while typing the action filter (any prefix works). */
export const KNOWN_ACTIONS = [
  'auth.',
  'auth.sign_in',
  'auth.sign_in.failed',
  'auth.sign_out',
  'auth.password.changed',
  'auth.token.created',
  'auth.token.revoked',
  'auth.invite.accepted',
  'auth.password_reset.',
  'auth.oidc.',
  'auth.totp.',
  'auth.setup.',
  'admin.',
  'admin.user.role_changed',
  'admin.user.deactivated',
  'admin.user.reactivated',
  'admin.invite.created',
  'admin.invite.revoked',
  'briefing.',
  'briefing.imported',
  'briefing.deleted',
  'briefing.visibility_changed',
  'decision.status_changed',
  'group.',
  'settings.',
] as const;

/** The filters present (blank fields dropped), trimmed. */
export function filtersFrom(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const field of FILTER_FIELDS) {
    const value = params.get(field)?.trim();
    if (value) filters[field] = value;
  }
  return filters;
}

function queryString(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** This page with these filters (and a cursor for the next page). */
export function pageHref(filters: AuditFilters, cursor?: string | null): string {
  return `/admin/audit${queryString({ ...filters, cursor: cursor ?? undefined })}`;
}

/** The API's CSV of every event these filters match (not just this page). */
export function csvHref(filters: AuditFilters): string {
  return `/api/admin/audit.csv${queryString(filters)}`;
}

export function toQuery(filters: AuditFilters, cursor: string | null): AuditQuery {
  return { ...filters, ...(cursor ? { cursor } : {}), limit: 50 };
}
