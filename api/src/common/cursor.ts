import { DomainError } from './errors/domain-error.js';

/**
 * Keyset paging cursors: an opaque base64url of "<sort key>|<uuid>" that the API hands out and
 * takes back; anything else is a 400.
 */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(`${key}|${id}`).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  isKey: (key: string) => boolean,
): { key: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [key, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (
    !key ||
    !id ||
    !isKey(key) ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
  ) {
    throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this API gave out.');
  }
  return { key, id };
}

export const isDate = (key: string) => /^\d{4}-\d{2}-\d{2}$/.test(key);
export const isTimestamp = (key: string) => !Number.isNaN(Date.parse(key));
