// "The source shows its actions": the actions linked to each item and prompt of a briefing.
import { ApiError, type BriefroomApi } from '$lib/api/client';
import type { Briefing } from '$lib/api/types';
import type { ActionItem, LinkType } from '$lib/api/types';

/** Keyed by item id or thread id; sources with no actions are left out. */
export type LinkedActions = Record<string, ActionItem[]>;

const PER_SOURCE = 20;
/** The most actions of one briefing asked for at once (the API's page limit). */
const PROBE_LIMIT = 200;

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
  if (sources.length === 0) return {};
  try {
    // Usually a briefing has few actions, if any: one query finds them all (the API's briefing
    // filter covers its items and prompts), and each one's links say where it belongs. One query
    // per item and prompt is the way only when there are more actions than sources.
    const all = await api.listActions({ briefingId: briefing.id, sort: 'due', limit: PROBE_LIMIT });
    if (all.length === 0) return {};
    if (all.length < sources.length && all.length < PROBE_LIMIT) {
      return await groupedBySource(api, all, sources);
    }
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

/** `actions` (in due order) under the sources their links name, PER_SOURCE at most each. */
async function groupedBySource(
  api: BriefroomApi,
  actions: ActionItem[],
  sources: Array<{ type: LinkType; id: string }>,
): Promise<LinkedActions> {
  const wanted = new Set(sources.map((source) => `${source.type}:${source.id}`));
  const details = await Promise.all(
    actions.map((action) =>
      api.getAction(action.id).catch((cause: unknown) => {
        // Gone or hidden since the list was read: left out, as a later list would.
        if (cause instanceof ApiError) return null;
        throw cause;
      }),
    ),
  );
  const linked: LinkedActions = {};
  actions.forEach((action, index) => {
    for (const link of details[index]?.links ?? []) {
      if (!wanted.has(`${link.type}:${link.id}`)) continue;
      const list = (linked[link.id] ??= []);
      if (list.length < PER_SOURCE && !list.includes(action)) list.push(action);
    }
  });
  return linked;
}
