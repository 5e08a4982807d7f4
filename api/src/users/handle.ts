/**
 * @mention handles. A handle is what `mentionedHandles` (discussions/comment-markdown.ts) can
 * read after an `@`: a letter or digit, then letters, digits, `.`, `_` or `-`, not ending in
 * punctuation. Handles are unique case-insensitively (`app_user_handle_key` on `lower(handle)`).
 */

/** Longest handle the mention parser reads; a generated handle never exceeds it. */
export const MAX_PARSED_HANDLE = 64;
/** Bounds of a handle a person chooses. */
export const HANDLE_LENGTH = { min: 2, max: 32 } as const;
/** What a chosen handle must look like (the parser's alphabet, no trailing punctuation). */
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/i;
/** Words kept for mentioning many people at once; never anyone's handle. */
export const RESERVED_HANDLES: readonly string[] = ['all', 'here', 'everyone', 'channel'];

/** Why a chosen handle is refused, or undefined when it is acceptable. */
export function handleProblem(handle: string): string | undefined {
  if (handle.length < HANDLE_LENGTH.min || handle.length > HANDLE_LENGTH.max)
    return `A handle is ${HANDLE_LENGTH.min} to ${HANDLE_LENGTH.max} characters long.`;
  if (!HANDLE_PATTERN.test(handle))
    return 'A handle is letters, digits, ".", "_" and "-", starting and ending with a letter or digit.';
  if (RESERVED_HANDLES.includes(handle.toLowerCase()))
    return `@${handle.toLowerCase()} is reserved.`;
  return undefined;
}

/**
 * The handle a new account starts from: the e-mail's local part, lower-cased and reduced to what
 * the parser reads (the rule mentions used before handles were stored). `user` when nothing is left.
 */
export function handleBase(email: string): string {
  const local = (email.split('@')[0] ?? '').toLowerCase();
  const base = local
    .replace(/[^a-z0-9._-]/g, '')
    .replace(/^[._-]+/, '')
    .slice(0, MAX_PARSED_HANDLE)
    .replace(/[._-]+$/, '');
  return base || 'user';
}
