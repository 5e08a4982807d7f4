// The words the search views use for types, statuses and facets.
import { DECISION_STATUS_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '$lib/actions/labels';
import { formatDate } from '$lib/dates';
import type { FacetName, SearchType } from '$lib/api/types';
import type { SearchState } from './query';

/** A hit's badge. */
export const TYPE_LABELS: Record<SearchType, string> = {
  briefing: 'Briefing',
  item: 'News item',
  discussion: 'Discussion',
  comment: 'Comment',
  action: 'Action',
  decision: 'Decision',
};

/** The type facet's values. */
export const TYPE_PLURALS: Record<SearchType, string> = {
  briefing: 'Briefings',
  item: 'News items',
  discussion: 'Discussions',
  comment: 'Comments',
  action: 'Actions',
  decision: 'Decisions',
};

export const FACET_HEADINGS: Record<FacetName, string> = {
  type: 'Type',
  tags: 'Tags',
  status: 'Status',
  series: 'Series',
  section: 'Section',
  priority: 'Priority',
};

const STATUS_WORDS: Record<string, string> = {
  ...STATUS_LABELS,
  ...DECISION_STATUS_LABELS,
  converging: 'Converging',
  resolved: 'Resolved',
};

/** A status, thread state or decision status in words; an unknown one as it came. */
export function statusLabel(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** How a facet value reads on the page. */
export function facetValueLabel(facet: FacetName, value: string): string {
  switch (facet) {
    case 'type':
      return TYPE_PLURALS[value as SearchType] ?? value;
    case 'status':
      return statusLabel(value);
    case 'priority':
      return PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS] ?? value;
    default:
      return value;
  }
}

/** What narrows a search besides its words, e.g. `News items · tags: ai · from 1 May 2026`; '' for nothing. */
export function describeFilters(state: SearchState): string {
  const parts: string[] = [];
  if (state.type.length > 0) parts.push(state.type.map((t) => TYPE_PLURALS[t]).join(', '));
  if (state.tags.length > 0) parts.push(`tags: ${state.tags.join(', ')}`);
  if (state.status.length > 0) parts.push(`status: ${state.status.map(statusLabel).join(', ')}`);
  if (state.series) parts.push(`series: ${state.series}`);
  if (state.section) parts.push(`section: ${state.section}`);
  if (state.priority.length > 0) {
    parts.push(`priority: ${state.priority.map((p) => PRIORITY_LABELS[p]).join(', ')}`);
  }
  if (state.from) parts.push(`from ${formatDate(state.from)}`);
  if (state.to) parts.push(`until ${formatDate(state.to)}`);
  if (state.dueFrom) parts.push(`due from ${formatDate(state.dueFrom)}`);
  if (state.dueTo) parts.push(`due by ${formatDate(state.dueTo)}`);
  if (state.briefingId) parts.push('in one briefing');
  if (state.ownerId) parts.push('one owner');
  if (state.authorId) parts.push('one author');
  return parts.join(' · ');
}

/** One line saying what a search looks for, e.g. `“grid power” · News items · from 1 May 2026`. */
export function describeSearch(state: SearchState): string {
  const filters = describeFilters(state);
  const words = state.q ? `“${state.q}”` : 'Everything';
  return filters ? `${words} · ${filters}` : words;
}
