// Page-server helpers: naming the things a new action or decision will link to, and finding the
// person an owner field names. Anything the API will not show is reported, not guessed.
import { ApiError, type BriefroomApi } from '$lib/api/client';
import type { Briefing } from '$lib/api/types';
import type { Person } from '$lib/api/types';
import {
  chooseOwner,
  chooseWatchers,
  isNamedBy,
  watcherEntries,
  type OwnerChoice,
  type WatchersChoice,
} from './action-form';
import type { Link, ResolvedLink } from '$lib/api/types';

/** A link of a create form, with the title of what it points at (null: not found or not shared). */
export interface SourceLink extends Link {
  title: string | null;
}

async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (cause) {
    if (cause instanceof ApiError) return null;
    throw cause;
  }
}

/** Titles of the links a create form was opened with, read through the API as the viewer. */
export async function describeLinks(api: BriefroomApi, links: Link[]): Promise<SourceLink[]> {
  const briefings = new Map<string, Promise<Briefing | null>>();
  const briefing = (id: string) => {
    if (!briefings.has(id)) briefings.set(id, orNull(api.getBriefing(id)));
    return briefings.get(id) as Promise<Briefing | null>;
  };
  const threadTitle = async (id: string) =>
    (await orNull(api.getThread(id, { limit: 1 })))?.thread.title ?? null;

  return Promise.all(
    links.map(async (link): Promise<SourceLink> => {
      switch (link.type) {
        case 'briefing':
          return { ...link, title: (await briefing(link.id))?.title ?? null };
        case 'item': {
          // An item is found in the briefing linked beside it.
          for (const other of links.filter((l) => l.type === 'briefing')) {
            const found = (await briefing(other.id))?.sections
              .flatMap((section) => section.items)
              .find((item) => item.id === link.id);
            if (found) return { ...link, title: found.title };
          }
          return { ...link, title: 'A briefing item' };
        }
        case 'discussion':
          return { ...link, title: await threadTitle(link.id) };
        case 'comment': {
          const thread = links.find((l) => l.type === 'discussion');
          const title = thread ? await threadTitle(thread.id) : null;
          return { ...link, title: title ? `A comment in “${title}”` : 'A comment' };
        }
        case 'decision':
          return { ...link, title: (await orNull(api.getDecision(link.id)))?.title ?? null };
        case 'action':
          return { ...link, title: (await orNull(api.getAction(link.id)))?.title ?? null };
      }
    }),
  );
}

/** Only the links the viewer may see, titled, for a list of links. */
export function visibleLinks(links: SourceLink[]): Array<Omit<ResolvedLink, 'url'>> {
  return links.flatMap((link) => (link.title === null ? [] : [{ ...link, title: link.title }]));
}

/** The user an owner field names (`@ada`, `Ada Lovelace`), asked of the API. */
export async function resolveOwner(api: BriefroomApi, typed: string): Promise<OwnerChoice> {
  const prefix = typed.trim().replace(/^@/, '');
  if (!prefix) return { ownerId: null, problem: null };
  return chooseOwner(typed, await api.mentionable(prefix.toLowerCase()));
}

/**
 * The users a comma-separated watchers field names (`@ada, Grace Hopper`), asked of the API;
 * `known` (the action's current watchers) need no asking.
 */
export async function resolveWatchers(
  api: BriefroomApi,
  typed: string | null,
  known: readonly Person[] = [],
): Promise<WatchersChoice> {
  const entries = watcherEntries(typed);
  const isKnown = (entry: string) => known.some((person) => isNamedBy(person, entry));
  const asked = new Map(
    await Promise.all(
      entries
        .filter((entry) => !isKnown(entry))
        .map(
          async (entry) =>
            [entry, await api.mentionable(entry.replace(/^@/, '').toLowerCase())] as const,
        ),
    ),
  );
  return chooseWatchers(entries, known, (entry) => asked.get(entry) ?? []);
}
