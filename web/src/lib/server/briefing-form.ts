// Reading the briefing forms (import, edit details) into API inputs, each with a sentence for what is wrong.
import type { Briefing, BriefingPatch, Visibility } from '$lib/api/types';
import { textField, textList } from './form-data';

/** Who may read a briefing, as chosen in the form. */
export interface AudienceValues {
  visibility: Visibility;
  /** The ticked groups; only sent to the API when the briefing is restricted. */
  groupIds: string[];
}

/** The edit form's fields exactly as typed, so a refused form comes back as it was sent. */
export interface DetailsValues extends AudienceValues {
  title: string;
  series: string;
  author: string;
  summary: string;
  readingMinutes: string;
  publishedOn: string;
  /** Comma-separated. */
  tags: string;
}

export function readAudience(form: FormData): AudienceValues {
  return {
    visibility: textField(form, 'visibility') === 'restricted' ? 'restricted' : 'team',
    groupIds: textList(form, 'groupIds'),
  };
}

export function audienceProblem(audience: AudienceValues): string | null {
  return audience.visibility === 'restricted' && audience.groupIds.length === 0
    ? 'Choose at least one group for a restricted briefing, or share it with the whole team.'
    : null;
}

/** "daily-sync, ai ,, AI" → ["daily-sync", "ai", "AI"]: trimmed, no blanks, no exact repeats. */
export function parseTags(raw: string): string[] {
  const tags = raw
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}

export function detailsValuesOf(briefing: Briefing): DetailsValues {
  return {
    title: briefing.title,
    series: briefing.series ?? '',
    author: briefing.author ?? '',
    summary: briefing.summary ?? '',
    readingMinutes: briefing.readingMinutes === null ? '' : String(briefing.readingMinutes),
    publishedOn: briefing.publishedOn,
    tags: briefing.tags.join(', '),
    visibility: briefing.visibility,
    groupIds: briefing.groups.map((group) => group.id),
  };
}

export function readDetails(form: FormData): DetailsValues {
  return {
    title: textField(form, 'title'),
    series: textField(form, 'series'),
    author: textField(form, 'author'),
    summary: textField(form, 'summary'),
    readingMinutes: textField(form, 'readingMinutes'),
    publishedOn: textField(form, 'publishedOn'),
    tags: textField(form, 'tags'),
    ...readAudience(form),
  };
}

export function detailsProblem(values: DetailsValues): string | null {
  if (!values.title) return 'Give the briefing a title.';
  if (!isCalendarDate(values.publishedOn)) return 'Enter the published date as a calendar date.';
  if (values.readingMinutes !== '' && !/^[1-9]\d{0,3}$/.test(values.readingMinutes)) {
    return 'Enter the reading time as a whole number of minutes, or leave it empty.';
  }
  return audienceProblem(values);
}

/** Only what changed, so an edit never overwrites a field someone else changed meanwhile. */
export function detailsPatch(values: DetailsValues, current: Briefing): BriefingPatch {
  const patch: BriefingPatch = {};
  const was = detailsValuesOf(current);
  if (values.title !== was.title) patch.title = values.title;
  if (values.series !== was.series) patch.series = values.series || null;
  if (values.author !== was.author) patch.author = values.author || null;
  if (values.summary !== was.summary) patch.summary = values.summary || null;
  if (values.readingMinutes !== was.readingMinutes) {
    patch.readingMinutes = values.readingMinutes === '' ? null : Number(values.readingMinutes);
  }
  if (values.publishedOn !== was.publishedOn) patch.publishedOn = values.publishedOn;
  const tags = parseTags(values.tags);
  if (tags.join('\n') !== current.tags.join('\n')) patch.tags = tags;

  if (values.visibility !== current.visibility) patch.visibility = values.visibility;
  const groupsChanged = !sameSet(values.groupIds, was.groupIds);
  if (values.visibility === 'restricted' && (patch.visibility || groupsChanged)) {
    patch.groupIds = values.groupIds;
  }
  return patch;
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((value) => left.has(value));
}
