// One-off confirmations shown after a redirect (`?notice=deleted`). Only known codes are shown, so
// a crafted link cannot make the page display text of its author's choosing.

export const NOTICES = {
  imported: 'Imported. The briefing is ready to read.',
  updated: 'Updated existing briefing: it had been imported before with the same title and date.',
  'imported-several': 'Imported. The document held several briefings; they are listed below.',
  saved: 'Details saved.',
  unchanged: 'Nothing to save: the details were already as entered.',
  deleted: 'Briefing deleted, with its discussions and their comments.',
  'group-created': 'Group created. Tick who belongs to it below.',
  'group-deleted': 'Group deleted.',
} as const;

export type NoticeCode = keyof typeof NOTICES;

/** The sentence for `?notice=` in `url`, or null when there is none or it is unknown. */
export function noticeFrom(url: URL): string | null {
  const code = url.searchParams.get('notice');
  return code !== null && Object.hasOwn(NOTICES, code) ? NOTICES[code as NoticeCode] : null;
}
