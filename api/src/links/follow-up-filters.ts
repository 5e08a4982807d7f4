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
 * The ids of the actions or decisions linked to one thing, seen from that thing ("the source
 * shows its actions"). A discussion also shows what was made from its comments; links between
 * actions and decisions count from either end; a decision's own thread and comment count as
 * links. One UNION of index probes: the same rule as `a.id IN (…) OR a.id IN (…)` made
 * PostgreSQL scan every action or decision for each filtered list (27-180 ms at 10,000 actions).
 * `id` is sent as a parameter.
 */
export function linkedIds(kind: FollowUpKind, type: LinkType, id: string): RawBuilder<string> {
  const owned = (targets: RawBuilder<unknown>) =>
    sql`SELECT l.owner_id FROM follow_up_link l WHERE l.owner_type = ${sql.lit(kind)} AND ${targets}`;
  const direct = owned(sql`l.target_type = ${sql.lit(type)} AND l.target_id = ${id}::uuid`);
  switch (type) {
    case 'discussion':
      return sql<string>`${direct}
        UNION ${owned(sql`l.target_type = 'comment' AND l.target_id IN (SELECT c.id FROM comment c WHERE c.thread_id = ${id}::uuid)`)}${
          kind === 'decision'
            ? sql` UNION SELECT d.id FROM decision d WHERE d.thread_id = ${id}::uuid`
            : sql``
        }`;
    case 'comment':
      return kind === 'decision'
        ? sql<string>`${direct} UNION SELECT d.id FROM decision d WHERE d.comment_id = ${id}::uuid`
        : sql<string>`${direct}`;
    case 'action':
    case 'decision':
      return sql<string>`${direct}
        UNION SELECT l.target_id FROM follow_up_link l
         WHERE l.owner_type = ${sql.lit(type)} AND l.owner_id = ${id}::uuid AND l.target_type = ${sql.lit(kind)}`;
    default:
      return sql<string>`${direct}`;
  }
}

/** `alias.id` is one of `linkedIds(kind, type, id)`; `alias` names the action or decision table. */
export function linkedTo(
  alias: string,
  kind: FollowUpKind,
  type: LinkType,
  id: string,
): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.id`)} IN (${linkedIds(kind, type, id)})`;
}
