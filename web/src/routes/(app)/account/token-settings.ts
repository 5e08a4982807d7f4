// Choices offered when creating a personal API token.

export const TOKEN_NAME_MAX_LENGTH = 100;

/** `days: null` means the token lasts until it is revoked. */
export const TOKEN_EXPIRY_CHOICES: ReadonlyArray<{ days: number | null; label: string }> = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: null, label: 'Never' },
];

export const DEFAULT_TOKEN_EXPIRY_DAYS = 30;
