// What deleting a briefing takes with it, said before anyone confirms.
import type { Briefing } from '$lib/api/types';

export interface DeletionLoss {
  /** Prompt threads plus threads opened on items. */
  discussions: number;
  /** Comments on the prompt threads; null when item threads exist, whose counts the briefing omits. */
  comments: number | null;
}

export function deletionLossOf(briefing: Briefing): DeletionLoss {
  const prompts = briefing.sections.flatMap((section) =>
    section.discussion ? [section.discussion] : [],
  );
  const itemThreads = briefing.sections
    .flatMap((section) => section.items)
    .filter((item) => item.threadId !== null).length;
  const promptComments = prompts.reduce((sum, prompt) => sum + prompt.commentCount, 0);
  return {
    discussions: prompts.length + itemThreads,
    comments: itemThreads === 0 ? promptComments : null,
  };
}

/** e.g. "This also deletes its 4 discussions and their 12 comments." */
export function deletionLossSentence({ discussions, comments }: DeletionLoss): string {
  if (discussions === 0) return 'It has no discussions, so no comments are lost.';
  const what = discussions === 1 ? 'its 1 discussion' : `its ${discussions} discussions`;
  const their = discussions === 1 ? 'its' : 'their';
  if (comments === null) return `This also deletes ${what} and ${their} comments.`;
  if (comments === 0)
    return `This also deletes ${what}, which ${discussions === 1 ? 'has' : 'have'} no comments yet.`;
  return `This also deletes ${what} and ${their} ${comments === 1 ? '1 comment' : `${comments} comments`}.`;
}
