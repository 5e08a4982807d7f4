import { describe, expect, it } from 'vitest';
import type { DiscussionPrompt } from '$lib/api/types';
import { makeBriefing, makeItem, makeSection } from '$lib/testing/factories';
import { deletionLossOf, deletionLossSentence } from './deletion-loss';

function prompt(commentCount: number): DiscussionPrompt {
  return {
    id: `p${commentCount}`,
    prompt: '?',
    threadId: `t${commentCount}`,
    commentCount,
    state: 'open',
  };
}

describe(deletionLossOf.name, () => {
  it('counts every prompt thread and adds up their comments', () => {
    const briefing = makeBriefing({
      sections: [5, 4, 3, 0].map((count, position) =>
        makeSection({ id: `s${position}`, position, discussion: prompt(count) }),
      ),
    });

    expect(deletionLossOf(briefing)).toEqual({ discussions: 4, comments: 12 });
    expect(deletionLossSentence(deletionLossOf(briefing))).toBe(
      'This also deletes its 4 discussions and their 12 comments.',
    );
  });

  it('counts threads opened on items too, without claiming a comment count it cannot know', () => {
    const briefing = makeBriefing({
      sections: [
        makeSection({ items: [makeItem({ threadId: 'item-thread' })], discussion: prompt(2) }),
      ],
    });

    expect(deletionLossOf(briefing)).toEqual({ discussions: 2, comments: null });
    expect(deletionLossSentence(deletionLossOf(briefing))).toBe(
      'This also deletes its 2 discussions and their comments.',
    );
  });

  it('says so when nothing else is lost', () => {
    expect(deletionLossSentence({ discussions: 0, comments: 0 })).toBe(
      'It has no discussions, so no comments are lost.',
    );
    expect(deletionLossSentence({ discussions: 1, comments: 1 })).toBe(
      'This also deletes its 1 discussion and its 1 comment.',
    );
    expect(deletionLossSentence({ discussions: 3, comments: 0 })).toBe(
      'This also deletes its 3 discussions, which have no comments yet.',
    );
  });
});
