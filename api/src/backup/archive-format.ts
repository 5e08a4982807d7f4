/**
 * The export archive (`npm run export`, `GET /api/admin/export`): one gzipped NDJSON file.
 *
 *   line 1      the manifest: format, format version, the schema version (every migration the
 *               database had applied), the tables inside and what was deliberately left out
 *   per table   a section line {"@table":"name"} followed by one line per row: the row as
 *               PostgreSQL's own JSON (to_jsonb), so timestamps keep their microseconds, bigints
 *               their digits and arrays/jsonb their shape; restore hands the text back to
 *               PostgreSQL (json_populate_recordset) without parsing it in JavaScript
 *   last line   {"@end":true,"counts":{table: rows}}: a truncated archive is refused
 *
 * Every table of the public schema is exported unless listed in EXCLUDED_TABLES, so a table
 * added later travels by default; `api/test/export-restore.spec.ts` pins the list of exported
 * tables, so adding a table forces a decision here.
 */

export const ARCHIVE_FORMAT = 'briefroom-export';
/** Bumped when the layout of the archive changes (not when the database schema does). */
export const ARCHIVE_FORMAT_VERSION = 1;

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  exportedAt: string;
  /** The migrations the exported database had applied, in the order they ran. */
  migrations: string[];
  /** The last of them: restore builds the schema up to exactly this, loads, then migrates on. */
  schemaVersion: string;
  tables: string[];
  excludedTables: Record<string, string>;
  scrubbedColumns: Record<string, string[]>;
}

export interface ArchiveEnd {
  '@end': true;
  counts: Record<string, number>;
}

/** TypeORM's bookkeeping: the manifest carries it instead. */
export const BOOKKEEPING_TABLES = ['migrations', 'typeorm_metadata'];

/** Tables left out on purpose, and why (also in docs/operations.md). */
export const EXCLUDED_TABLES: Record<string, string> = {
  session: 'sign-in credentials: everyone signs in again',
  api_token: 'credentials: personal API tokens are issued again',
  calendar_feed: 'the row is the private feed URL token: calendar links are issued again',
  invite: 'one-time invitation tokens: pending invitations are sent again',
  password_reset_token: 'one-time credentials',
  email_change_token: 'one-time credentials',
  user_totp: 'second-factor secrets: people enrol again (an admin requirement prompts them)',
  totp_recovery_code: 'second-factor recovery codes (secrets)',
  totp_challenge: 'minutes-long sign-in state',
  setup_code: 'the first-run code: a restored instance has its admins',
  oidc_sign_in: 'minutes-long single sign-on state',
  login_attempt: 'lock-out counters, minutes long',
  idempotency_key: 'replayed answers to retried writes, a day long',
  search_outbox: 'pending search work: restore rebuilds the search index (npm run reindex)',
  domain_event:
    'events not yet relayed to webhooks and e-mail: a restored instance does not announce an old one’s changes again',
  outside_feed: 'the row is a private feed URL token: feed links are issued again',
  app_secret:
    'the key signing e-mail unsubscribe and reply links: a restored instance makes its own',
};

/**
 * Columns dropped from exported rows. Restore writes NULL, or RESTORE_FILL where the column may
 * not be NULL.
 */
export const SCRUBBED_COLUMNS: Record<string, string[]> = {
  app_user: ['password_hash'],
  inbound_integration: ['email_token_hash', 'webhook_secret'],
  webhook: ['secret'],
};

/**
 * SQL for scrubbed NOT NULL columns: a random value nobody holds, so a restored integration
 * accepts nothing until an admin issues it a new address and secret (Admin → Integrations).
 */
export const RESTORE_FILL: Record<string, Record<string, string>> = {
  inbound_integration: {
    email_token_hash: `'restored-' || md5(random()::text || clock_timestamp()::text)`,
    webhook_secret: `'restored-' || md5(random()::text || clock_timestamp()::text)`,
  },
  webhook: {
    secret: `'whsec_' || encode(decode(md5(random()::text) || md5(clock_timestamp()::text || random()::text), 'hex'), 'base64')`,
  },
};

/**
 * Columns restore sets whatever the archive says: an outgoing webhook comes back paused, since
 * its receiver does not know the new secret (an admin re-creates it or turns it back on).
 */
export const RESTORE_SET: Record<string, Record<string, string>> = {
  webhook: { active: 'false' },
};

/**
 * Tables the migrations themselves fill (default synonyms, the security settings row): restore
 * replaces their rows with the archive's, and they do not make a database count as not empty.
 */
export const MIGRATION_SEEDED_TABLES = ['search_synonym', 'security_setting'];

export const isSectionLine = (line: string) => line.startsWith('{"@table":');
export const isEndLine = (line: string) => line.startsWith('{"@end":');
