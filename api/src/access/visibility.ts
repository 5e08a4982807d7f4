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
