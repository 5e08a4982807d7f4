// Comments arrive as a flat list in creation order; the page shows them as a tree by parentId.
import type { Comment } from '$lib/api/types';

/** Replies below this depth (0 = top level) start folded behind "Continue this thread". */
export const COLLAPSE_BELOW_DEPTH = 4;

/** Indentation stops growing here, so deep threads stay readable on narrow screens. */
export const MAX_INDENT_LEVEL = 5;

export interface CommentNode {
  comment: Comment;
  /** 0 for a top-level comment (or an orphan shown at the top level). */
  depth: number;
  replies: CommentNode[];
  /** Every reply below this comment, at any depth. */
  descendantCount: number;
  /** Its parent is not among the loaded comments (a later page holds it, or it is gone). */
  orphan: boolean;
}

/**
 * The forest of comments, each level in seq order. A comment whose parent is not in the list is
 * shown at the top level and marked `orphan`, so nothing loaded is ever hidden.
 */
export function buildCommentTree(comments: readonly Comment[]): CommentNode[] {
  const sorted = [...comments].sort((a, b) => a.seq - b.seq);
  const nodes = new Map<string, CommentNode>();
  for (const comment of sorted) {
    nodes.set(comment.id, { comment, depth: 0, replies: [], descendantCount: 0, orphan: false });
  }

  const roots: CommentNode[] = [];
  for (const comment of sorted) {
    const node = nodes.get(comment.id) as CommentNode;
    const parent = comment.parentId === null ? undefined : nodes.get(comment.parentId);
    // A parent must be older; anything else would be a cycle, so it is treated as missing.
    if (parent && parent.comment.seq < comment.seq) {
      parent.replies.push(node);
    } else {
      node.orphan = comment.parentId !== null;
      roots.push(node);
    }
  }

  const settle = (node: CommentNode, depth: number): number => {
    node.depth = depth;
    node.descendantCount = node.replies.reduce(
      (sum, reply) => sum + 1 + settle(reply, depth + 1),
      0,
    );
    return node.descendantCount;
  };
  for (const root of roots) settle(root, 0);
  return roots;
}

/** Whether the replies of a comment at `depth` start folded. */
export function startsCollapsed(depth: number): boolean {
  return depth + 1 >= COLLAPSE_BELOW_DEPTH;
}

/** The indentation class level for replies at `depth`: grows with depth, then stays. */
export function indentLevel(depth: number): number {
  return Math.min(depth, MAX_INDENT_LEVEL);
}

/** The ids from the top-level comment down to `id` (inclusive), or [] when it is not in the tree. */
export function pathTo(roots: readonly CommentNode[], id: string): string[] {
  for (const node of roots) {
    if (node.comment.id === id) return [id];
    const below = pathTo(node.replies, id);
    if (below.length > 0) return [node.comment.id, ...below];
  }
  return [];
}
