// Resolving a thread records its outcome: the answer to the prompt, one line (the API's rule).

export const MAX_OUTCOME_LENGTH = 280;

/** Why `outcome` cannot resolve a thread, or null when it can. */
export function outcomeProblem(outcome: string): string | null {
  if (outcome.trim() === '') return 'Write the outcome: the answer to the prompt, in one line.';
  if (/[\r\n]/.test(outcome)) return 'Keep the outcome to one line.';
  if (outcome.trim().length > MAX_OUTCOME_LENGTH) {
    return `Keep the outcome to ${MAX_OUTCOME_LENGTH} characters or fewer.`;
  }
  return null;
}
