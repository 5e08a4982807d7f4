import { sql, type RawBuilder } from 'kysely';
import type { FollowUpKind } from '../access/visibility.js';
import type { LinkType } from './follow-up-links.js';

/** `tag=a,B` → ['a', 'b']: tag names are stored lower-case. */
export function splitTags(raw: string): string[] {
  return raw
    .split(',')
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Actions or decisions linked to one thing, seen from that thing ("the source shows its
 * actions"). A discussion also shows what was made from its comments; links between actions and
 * decisions count from either end; a decision's own thread and comment count as links.
 * `alias` names the action or decision table in the query; `id` is sent as a parameter.
 */
export function linkedTo(
  alias: string,
  kind: FollowUpKind,
  type: LinkType,
  id: string,
): RawBuilder<boolean> {
  const self = (column: string) => sql.ref(`${alias}.${column}`);
  const owned = (targets: RawBuilder<unknown>) =>
    sql`${self('id')} IN (SELECT l.owner_id FROM follow_up_link l WHERE l.owner_type = ${sql.lit(kind)} AND ${targets})`;
  const direct = sql`l.target_type = ${sql.lit(type)} AND l.target_id = ${id}::uuid`;
  switch (type) {
    case 'discussion':
      return sql<boolean>`(${owned(sql`(${direct} OR (l.target_type = 'comment' AND l.target_id IN (SELECT c.id FROM comment c WHERE c.thread_id = ${id}::uuid)))`)}${
        kind === 'decision' ? sql` OR ${self('thread_id')} = ${id}::uuid` : sql``
      })`;
    case 'comment':
      return sql<boolean>`(${owned(direct)}${kind === 'decision' ? sql` OR ${self('comment_id')} = ${id}::uuid` : sql``})`;
    case 'action':
    case 'decision':
      return sql<boolean>`(${owned(direct)} OR ${self('id')} IN (SELECT l.target_id FROM follow_up_link l
          WHERE l.owner_type = ${sql.lit(type)} AND l.owner_id = ${id}::uuid AND l.target_type = ${sql.lit(kind)}))`;
    default:
      return sql<boolean>`(${owned(direct)})`;
  }
}
