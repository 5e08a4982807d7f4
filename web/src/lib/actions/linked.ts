// "The source shows its actions": the actions linked to each item and prompt of a briefing, or
// to a thread, asked of the API one source at a time.
import { ApiError, type BriefroomApi } from '$lib/api/client';
import type { Briefing } from '$lib/api/types';
import type { ActionItem, LinkType } from '$lib/api/types';

/** Keyed by item id or thread id; sources with no actions are left out. */
export type LinkedActions = Record<string, ActionItem[]>;

const PER_SOURCE = 20;

/**
 * The actions of every news item and discussion prompt of `briefing`. Null when the API cannot
 * answer (the page then shows none rather than failing).
 */
export async function briefingLinkedActions(
  api: BriefroomApi,
  briefing: Briefing,
): Promise<LinkedActions | null> {
  const sources: Array<{ type: LinkType; id: string }> = [];
  for (const section of briefing.sections) {
    if (section.kind === 'items') {
      for (const item of section.items) sources.push({ type: 'item', id: item.id });
    }
    if (section.discussion) sources.push({ type: 'discussion', id: section.discussion.threadId });
  }
  try {
    const lists = await Promise.all(
      sources.map((source) =>
        api.listActions({
          linkType: source.type,
          linkId: source.id,
          limit: PER_SOURCE,
          sort: 'due',
        }),
      ),
    );
    const linked: LinkedActions = {};
    sources.forEach((source, index) => {
      const actions = lists[index] ?? [];
      if (actions.length > 0) linked[source.id] = actions;
    });
    return linked;
  } catch (cause) {
    if (cause instanceof ApiError) return null;
    throw cause;
  }
}
