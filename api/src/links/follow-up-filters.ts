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
 */
export function linkedToSql(
  alias: string,
  kind: FollowUpKind,
  type: LinkType,
  idParam: string,
): string {
  const owned = (targets: string) =>
    `${alias}.id IN (SELECT l.owner_id FROM follow_up_link l WHERE l.owner_type = '${kind}' AND ${targets})`;
  const direct = `l.target_type = '${type}' AND l.target_id = ${idParam}`;
  switch (type) {
    case 'discussion':
      return `(${owned(`(${direct} OR (l.target_type = 'comment' AND l.target_id IN (SELECT c.id FROM comment c WHERE c.thread_id = ${idParam})))`)}${
        kind === 'decision' ? ` OR ${alias}.thread_id = ${idParam}` : ''
      })`;
    case 'comment':
      return `(${owned(direct)}${kind === 'decision' ? ` OR ${alias}.comment_id = ${idParam}` : ''})`;
    case 'action':
    case 'decision':
      return `(${owned(direct)} OR ${alias}.id IN (SELECT l.target_id FROM follow_up_link l
          WHERE l.owner_type = '${type}' AND l.owner_id = ${idParam} AND l.target_type = '${kind}'))`;
    default:
      return owned(direct);
  }
}
