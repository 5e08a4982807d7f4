import { sql, type Expression, type RawBuilder } from 'kysely';
import type { AuthContext } from '../auth/auth-context.js';

/**
 * Who reads, for the visibility rule. `admin` is the caller's effective role, not the account's:
 * an admin acting through an API token with a lower role ceiling reads as a non-admin (team
 * briefings and their own groups), so a token's ceiling limits what it may read as well as do.
 */
export interface Reader {
  id: string;
  admin: boolean;
}

export const readerOf = (auth: AuthContext): Reader => ({
  id: auth.user.id,
  admin: auth.role === 'admin',
});

/**
 * The one rule of who may read what, in SQL: a briefing is readable when it is `team`, when the
 * reader is an admin, or when it is restricted to a group the user belongs to. Everything under a
 * briefing (sections, threads, comments, notifications) inherits it by joining to the briefing.
 * `adminParam` is the reader's effective admin flag (a boolean parameter, see Reader); without
 * it the account's stored role decides (server-side fan-out to other users, who act in person).
 */
export function visibleBriefingSql(alias: string, userParam: string, adminParam?: string): string {
  const admin = adminParam
    ? `${adminParam}::boolean`
    : `EXISTS (SELECT 1 FROM app_user au WHERE au.id = ${userParam} AND au.role = 'admin')`;
  return `(${alias}.visibility = 'team'
    OR ${admin}
    OR EXISTS (SELECT 1 FROM briefing_group bg JOIN user_group_member gm ON gm.group_id = bg.group_id
               WHERE bg.briefing_id = ${alias}.id AND gm.user_id = ${userParam}))`;
}

/**
 * visibleBriefingSql for Kysely: the same rule as a boolean expression. `user` is the reader's id
 * (a value, sent as a parameter) or a column (`sql.ref('u.id')`) for fan-out to other users;
 * `admin` is the reader's effective admin flag, and without it the account's stored role decides.
 * `alias` names the briefing table in the query (a constant of the caller, never input).
 */
export function visibleBriefing(
  alias: string,
  user: string | Expression<string>,
  admin?: boolean | Expression<boolean>,
): RawBuilder<boolean> {
  const userId = typeof user === 'string' ? sql<string>`${user}::uuid` : user;
  const isAdmin =
    admin === undefined
      ? sql`EXISTS (SELECT 1 FROM app_user au WHERE au.id = ${userId} AND au.role = 'admin')`
      : sql`${admin}::boolean`;
  return sql<boolean>`(${sql.ref(`${alias}.visibility`)} = 'team'
    OR ${isAdmin}
    OR EXISTS (SELECT 1 FROM briefing_group bg JOIN user_group_member gm ON gm.group_id = bg.group_id
               WHERE bg.briefing_id = ${sql.ref(`${alias}.id`)} AND gm.user_id = ${userId}))`;
}

export type FollowUpKind = 'action' | 'decision';

/**
 * Who may read an action item or a decision, in SQL: whoever may read EVERY briefing it is tied
 * to, directly or through a linked item, prompt's thread or comment (each link row keeps the
 * briefing it resolves to), and for a decision, the thread it was proposed in. Team briefings are
 * skipped before the group check, so the common case costs one index probe per row.
 */
export function visibleFollowUpSql(
  alias: string,
  kind: FollowUpKind,
  userParam: string,
  adminParam?: string,
): string {
  const hidden = (briefing: string) =>
    `${briefing}.visibility <> 'team' AND NOT ${visibleBriefingSql(briefing, userParam, adminParam)}`;
  const viaLinks = `NOT EXISTS (SELECT 1 FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
      WHERE vl.owner_type = '${kind}' AND vl.owner_id = ${alias}.id AND ${hidden('vb')})`;
  if (kind === 'action') return `(${viaLinks})`;
  return `(${viaLinks} AND NOT EXISTS (SELECT 1 FROM thread vt JOIN briefing vtb ON vtb.id = vt.briefing_id
      WHERE vt.id = ${alias}.thread_id AND ${hidden('vtb')}))`;
}

/**
 * visibleFollowUpSql for Kysely: the same rule as a boolean expression. `alias` names the action
 * or decision table in the query; `user` and `admin` as in visibleBriefing.
 */
export function visibleFollowUp(
  alias: string,
  kind: FollowUpKind,
  user: string | Expression<string>,
  admin?: boolean | Expression<boolean>,
): RawBuilder<boolean> {
  const hidden = (briefing: string) =>
    sql`${sql.ref(`${briefing}.visibility`)} <> 'team' AND NOT ${visibleBriefing(briefing, user, admin)}`;
  const viaLinks = sql`NOT EXISTS (SELECT 1 FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
      WHERE vl.owner_type = ${sql.lit(kind)} AND vl.owner_id = ${sql.ref(`${alias}.id`)} AND ${hidden('vb')})`;
  if (kind === 'action') return sql<boolean>`(${viaLinks})`;
  return sql<boolean>`(${viaLinks} AND NOT EXISTS (SELECT 1 FROM thread vt JOIN briefing vtb ON vtb.id = vt.briefing_id
      WHERE vt.id = ${sql.ref(`${alias}.thread_id`)} AND ${hidden('vtb')}))`;
}
