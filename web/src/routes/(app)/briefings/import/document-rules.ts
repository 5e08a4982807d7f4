// What the import page accepts, shared by the form (hints, accept=) and its server (checks).
import type { SourceFormat } from '$lib/api/types';

/** The API refuses larger documents with 413; the page server checks uploads against it first. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** The longest web address the API fetches (ImportUrlDto). */
export const MAX_URL_LENGTH = 2048;

export const ACCEPTED_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.json', '.xml'] as const;

export const FORMAT_LABELS: Record<SourceFormat, string> = {
  text: 'Plain text',
  markdown: 'Markdown',
  html: 'HTML',
  json: 'JSON',
  feed: 'RSS or Atom feed',
};

export function hasAcceptedExtension(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((extension) => lower.endsWith(extension));
}
