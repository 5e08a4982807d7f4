import { describe, expect, it } from 'vitest';
import { makeComment } from '$lib/testing/factories';
import {
  COLLAPSE_BELOW_DEPTH,
  MAX_INDENT_LEVEL,
  buildCommentTree,
  indentLevel,
  pathTo,
  startsCollapsed,
} from './comment-tree';

describe(buildCommentTree.name, () => {
  it('nests replies under their parents, each level in creation order', () => {
    const first = makeComment({ id: 'a', seq: 1 });
    const second = makeComment({ id: 'b', seq: 2 });
    const replyToFirst = makeComment({ id: 'c', seq: 3, parentId: 'a' });
    const replyToReply = makeComment({ id: 'd', seq: 4, parentId: 'c' });
    const laterReplyToFirst = makeComment({ id: 'e', seq: 5, parentId: 'a' });

    // Given out of order on purpose: the tree follows seq, not the array.
    const roots = buildCommentTree([laterReplyToFirst, second, replyToReply, first, replyToFirst]);

    expect(roots.map((node) => node.comment.id)).toEqual(['a', 'b']);
    const [a, b] = roots;
    expect(a?.replies.map((node) => node.comment.id)).toEqual(['c', 'e']);
    expect(a?.replies[0]?.replies.map((node) => node.comment.id)).toEqual(['d']);
    expect(a?.descendantCount).toBe(3);
    expect(b?.descendantCount).toBe(0);
    expect(a?.replies[0]?.replies[0]?.depth).toBe(2);
  });

  it('shows a reply whose parent is not loaded at the top level, marked as an orphan', () => {
    const root = makeComment({ id: 'a', seq: 1 });
    const orphan = makeComment({ id: 'b', seq: 9, parentId: 'not-loaded' });
    const replyToOrphan = makeComment({ id: 'c', seq: 10, parentId: 'b' });

    const roots = buildCommentTree([root, orphan, replyToOrphan]);

    expect(roots.map((node) => [node.comment.id, node.orphan])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(roots[1]?.replies[0]?.comment.id).toBe('c');
    expect(roots[1]?.replies[0]?.orphan).toBe(false);
  });

  it('treats a parent that is not older than its reply as missing, so a cycle cannot hide comments', () => {
    const a = makeComment({ id: 'a', seq: 2, parentId: 'b' });
    const b = makeComment({ id: 'b', seq: 1, parentId: 'a' });

    const roots = buildCommentTree([a, b]);

    expect(roots.map((node) => node.comment.id)).toEqual(['b']);
    expect(roots[0]?.orphan).toBe(true);
    expect(roots[0]?.replies[0]?.comment.id).toBe('a');
  });

  it('keeps a deleted comment in place so its replies stay under it', () => {
    const gone = makeComment({
      id: 'a',
      seq: 1,
      body: null,
      bodyHtml: null,
      deletedAt: '2026-05-07T10:00:00Z',
    });
    const reply = makeComment({ id: 'b', seq: 2, parentId: 'a' });

    const roots = buildCommentTree([gone, reply]);

    expect(roots[0]?.comment.deletedAt).not.toBeNull();
    expect(roots[0]?.replies[0]?.comment.id).toBe('b');
  });
});

describe('deep threads', () => {
  /** A chain: each comment answers the one before. */
  function chain(length: number) {
    return Array.from({ length }, (_, index) =>
      makeComment({
        id: `n${index}`,
        seq: index + 1,
        parentId: index === 0 ? null : `n${index - 1}`,
      }),
    );
  }

  it('folds replies deeper than four levels behind "continue this thread", counting all below', () => {
    const roots = buildCommentTree(chain(8));
    const levels = [];
    let node = roots[0];
    while (node) {
      levels.push({
        depth: node.depth,
        folded: startsCollapsed(node.depth),
        below: node.descendantCount,
      });
      node = node.replies[0];
    }

    expect(COLLAPSE_BELOW_DEPTH).toBe(4);
    // Levels 1–4 (depth 0–3) are shown; the replies of the fourth level start folded.
    expect(levels.map((level) => level.folded)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(levels[3]).toEqual({ depth: 3, folded: true, below: 4 });
  });

  it('stops indenting at the cap', () => {
    expect([0, 1, 4, MAX_INDENT_LEVEL, MAX_INDENT_LEVEL + 3].map(indentLevel)).toEqual([
      0,
      1,
      4,
      MAX_INDENT_LEVEL,
      MAX_INDENT_LEVEL,
    ]);
  });

  it('finds the way down to a deep comment, for permalinks into folded subtrees', () => {
    const roots = buildCommentTree([...chain(6), makeComment({ id: 'other', seq: 50 })]);

    expect(pathTo(roots, 'n5')).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
    expect(pathTo(roots, 'other')).toEqual(['other']);
    expect(pathTo(roots, 'missing')).toEqual([]);
  });
});
