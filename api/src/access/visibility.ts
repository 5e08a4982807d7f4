/**
 * The one rule of who may read what, in SQL: a briefing is readable when it is `team`, when the
 * user is an admin, or when it is restricted to a group the user belongs to. Everything under a
 * briefing (sections, threads, comments, notifications) inherits it by joining to the briefing.
 */
export function visibleBriefingSql(alias: string, userParam: string): string {
  return `(${alias}.visibility = 'team'
    OR EXISTS (SELECT 1 FROM app_user au WHERE au.id = ${userParam} AND au.role = 'admin')
    OR EXISTS (SELECT 1 FROM briefing_group bg JOIN user_group_member gm ON gm.group_id = bg.group_id
               WHERE bg.briefing_id = ${alias}.id AND gm.user_id = ${userParam}))`;
}

export type FollowUpKind = 'action' | 'decision';

/**
 * Who may read an action item or a decision, in SQL: whoever may read EVERY briefing it is tied
 * to, directly or through a linked item, prompt's thread or comment (each link row keeps the
 * briefing it resolves to), and for a decision, the thread it was proposed in. Team briefings are
 * skipped before the group check, so the common case costs one index probe per row.
 */
export function visibleFollowUpSql(alias: string, kind: FollowUpKind, userParam: string): string {
  const hidden = (briefing: string) =>
    `${briefing}.visibility <> 'team' AND NOT ${visibleBriefingSql(briefing, userParam)}`;
  const viaLinks = `NOT EXISTS (SELECT 1 FROM follow_up_link vl JOIN briefing vb ON vb.id = vl.briefing_id
      WHERE vl.owner_type = '${kind}' AND vl.owner_id = ${alias}.id AND ${hidden('vb')})`;
  if (kind === 'action') return `(${viaLinks})`;
  return `(${viaLinks} AND NOT EXISTS (SELECT 1 FROM thread vt JOIN briefing vtb ON vtb.id = vt.briefing_id
      WHERE vt.id = ${alias}.thread_id AND ${hidden('vtb')}))`;
}
