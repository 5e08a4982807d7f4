import type { SearchHitDto } from './search.dto.js';
import type { SearchRepository } from './search.repository.js';

const THREAD_URL = /^\/threads\/([0-9a-f-]{36})(?:#|$)/i;

/** The thread a discussion or comment hit belongs to; null for other hits. */
export function hitThreadId(hit: Pick<SearchHitDto, 'type' | 'id' | 'url'>): string | null {
  if (hit.type === 'discussion') return hit.id;
  if (hit.type === 'comment') return THREAD_URL.exec(hit.url)?.[1] ?? null;
  return null;
}

/**
 * Discussion and comment hits titled with their thread's short title (issue 17: the whole prompt
 * made results hard to scan). Read when answering, not from the index, so an editor's new short
 * title shows at once without re-indexing the thread's comments; the prompt stays searchable and
 * is what a discussion hit's snippet shows.
 */
export async function withShortTitles<
  H extends Pick<SearchHitDto, 'type' | 'id' | 'url' | 'title'>,
>(hits: H[], repository: Pick<SearchRepository, 'threadShortTitles'>): Promise<H[]> {
  const ids = [...new Set(hits.map(hitThreadId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return hits;
  const titles = await repository.threadShortTitles(ids);
  return hits.map((hit) => {
    const id = hitThreadId(hit);
    const title = id === null ? undefined : titles.get(id);
    return title === undefined ? hit : { ...hit, title };
  });
}
