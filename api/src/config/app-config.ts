import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSetupCode } from '../auth/setup-code.js';
import { readOidcConfig, readPasswordSignIn, type OidcConfig } from '../auth/oidc/oidc-config.js';
import {
  readSearchEmbedderConfig,
  type SearchEmbedderConfig,
} from '../search/search-embedder-config.js';

/** Thrown when the environment cannot be turned into a valid configuration; its message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  host: string;
  /** The origin users reach the app at; used for CSRF origin checks, cookies and invite links. */
  publicUrl: URL;
  databaseUrl: string;
  meili: { url: string; masterKey: string | undefined } | undefined;
  /** Index names start with this, so several installs (or test databases) can share one Meilisearch. */
  searchIndexPrefix: string;
  /** Where search's vectors come from (SEARCH_EMBEDDER*, see search/search-embedder-config.ts). */
  searchEmbedder: SearchEmbedderConfig;
  redisUrl: string | undefined;
  admin: { email: string; password: string } | undefined;
  /** SETUP_CODE: the one-time setup code to use instead of a random one (tests, scripted installs). */
  setupCode: string | undefined;
  /** Single sign-on (OIDC_*); undefined when OIDC_ISSUER is unset. */
  oidc: OidcConfig | undefined;
  /** PASSWORD_SIGN_IN=false: only single sign-on signs people in. */
  passwordSignIn: boolean;
  logLevel: LogLevel;
  sessionTtlDays: number;
  trustProxy: boolean;
  metricsToken: string | undefined;
  /** Per client address, on sign-in, sign-up and invitation routes. */
  authRateLimitPerMinute: number;
  /** Per user, on posting comments. */
  commentRateLimitPerMinute: number;
  /** Folder of the SvelteKit adapter-node build; pages are served when it holds handler.js. */
  webBuildDir: string;
  /** Run pending migrations at start-up (off only for tooling that manages them itself). */
  runMigrations: boolean;
  /** Import the sample briefing when start-up creates the database schema. */
  seedSample: boolean;
  /** Outgoing email (reminders, daily digest); none without SMTP_URL. */
  mail: { smtpUrl: string; from: string } | undefined;
  /** The UTC hour from which each user's daily digest is sent. */
  digestHour: number;
  /** Seconds between reminder passes; 0 turns the in-process scheduler off. */
  reminderIntervalSeconds: number;
  /** Seconds between saved-search alert passes; 0 turns the schedule off. */
  savedSearchAlertIntervalSeconds: number;
  /** The job queue (pg-boss): how often each worker looks for due jobs, and the first retry's delay (doubling after; 0 = at once). */
  jobs: { pollIntervalMs: number; retryDelaySeconds: number };
  /**
   * Whether this process runs the background work: the search indexer, saved-search alerts and
   * reminders. Always on in the server; the command-line tools (import, reindex) turn it off.
   */
  backgroundJobs: boolean;
  /** Outbound requests (URL import, feeds, webhooks): internal `host:port`s the SSRF guard lets through. */
  outboundAllowlist: string[];
  /** Feed subscriptions: seconds between polls of one feed (doubled on each failure, up to a day); 0 turns the schedule off. */
  feedPollIntervalSeconds: number;
  /** E-mail in: the SMTP listener for `briefings+<token>@<domain>`; undefined when INBOUND_SMTP_PORT is unset. */
  inboundMail: { port: number; host: string; domain: string; maxBytes: number } | undefined;
  /** 32-byte key sealing TOTP secrets at rest (AES-256-GCM); undefined stores them unsealed. */
  totpEncryptionKey: Buffer | undefined;
  /** Outbound webhooks: first retry's delay (doubling after), attempts in all, per-request time limit, deliveries at once. */
  webhooks: { retryBaseMs: number; maxAttempts: number; timeoutMs: number; concurrency: number };
  /** Notification e-mail for followed threads waits this long to batch what follows (0: at once). */
  notificationBatchSeconds: number;
  /**
   * argon2id cost of new password hashes (ARGON2_*; node-argon2's defaults, above OWASP's minimum).
   * A hash keeps the cost it was made with, so changing these never locks anyone out.
   */
  passwordHash: { memoryKib: number; timeCost: number; parallelism: number };
}

type Env = Record<string, string | undefined>;

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}".`);
}

function url(env: Env, name: string, protocols: string[]): URL | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(
      `${name} must be a URL (${protocols.join(' or ')}), got "${redact(raw)}".`,
    );
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(
      `${name} must start with ${protocols.map((p) => `${p}://`).join(' or ')}, got "${redact(raw)}".`,
    );
  }
  return parsed;
}

/** Keeps passwords in URLs out of error messages and logs. */
function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** A comma-separated list of `host:port` (host lower-cased, IPv6 in brackets). */
function hostPorts(env: Env, name: string): string[] {
  const raw = read(env, name);
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim().toLowerCase();
    if (!/^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/.test(value)) {
      throw new ConfigError(
        `${name} must list host:port entries separated by commas, got "${entry.trim()}".`,
      );
    }
    return value;
  });
}

/** A 32-byte key given as 64 hex digits or base64. */
function key32(env: Env, name: string): Buffer | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32)
    throw new ConfigError(
      `${name} must be 32 bytes as 64 hex digits or base64 (openssl rand -hex 32).`,
    );
  return key;
}

function inboundMail(env: Env, publicUrl: URL): AppConfig['inboundMail'] {
  const raw = read(env, 'INBOUND_SMTP_PORT');
  if (raw === undefined) return undefined;
  return {
    port: integer(env, 'INBOUND_SMTP_PORT', 2525, 0, 65535),
    host: read(env, 'INBOUND_SMTP_HOST') ?? '0.0.0.0',
    domain: (read(env, 'INBOUND_MAIL_DOMAIN') ?? publicUrl.hostname).toLowerCase(),
    maxBytes: integer(env, 'INBOUND_MAIL_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  };
}

/** Parses the environment once at start-up; any bad or missing variable stops start-up with a ConfigError. */
export function loadConfig(env: Env = process.env): AppConfig {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  if (!databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL is not set: give a postgres:// URL, or start with `npm start`, which runs an embedded PostgreSQL.',
    );
  }
  const meiliUrl = url(env, 'MEILI_URL', ['http', 'https']);
  const meiliKey = read(env, 'MEILI_MASTER_KEY');
  if (meiliKey && !meiliUrl) throw new ConfigError('MEILI_MASTER_KEY is set but MEILI_URL is not.');
  const redisUrl = url(env, 'REDIS_URL', ['redis', 'rediss']);
  const searchIndexPrefix = read(env, 'SEARCH_INDEX_PREFIX') ?? 'briefroom';
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(searchIndexPrefix)) {
    throw new ConfigError(
      `SEARCH_INDEX_PREFIX must be 1 to 40 letters, digits, "-" or "_", got "${searchIndexPrefix}".`,
    );
  }

  const adminEmail = read(env, 'ADMIN_EMAIL');
  const adminPassword = read(env, 'ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together (or neither).');
  }
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(`ADMIN_EMAIL must be an email address, got "${adminEmail}".`);
  }
  if (adminPassword !== undefined && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 10 characters long.');
  }

  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}".`);
  }

  const publicUrl =
    url(env, 'PUBLIC_URL', ['http', 'https']) ?? new URL(`http://localhost:${port}`);

  const smtpUrl = url(env, 'SMTP_URL', ['smtp', 'smtps']);
  const mailFrom = read(env, 'MAIL_FROM');
  if (smtpUrl && !mailFrom)
    throw new ConfigError(
      'MAIL_FROM must be set with SMTP_URL (e.g. "Briefroom <briefroom@example.com>").',
    );
  if (mailFrom && !smtpUrl) throw new ConfigError('MAIL_FROM is set but SMTP_URL is not.');
  if (mailFrom && !/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    throw new ConfigError(`MAIL_FROM must be an address or "Name <address>", got "${mailFrom}".`);
  }
  const webBuildDir = read(env, 'WEB_BUILD_DIR') ?? resolve(repoRoot, 'web/build');

  return {
    port,
    host: read(env, 'HOST') ?? '0.0.0.0',
    publicUrl,
    databaseUrl: databaseUrl.toString(),
    meili: meiliUrl
      ? { url: meiliUrl.toString().replace(/\/$/, ''), masterKey: meiliKey }
      : undefined,
    searchIndexPrefix,
    searchEmbedder: readSearchEmbedderConfig(env),
    redisUrl: redisUrl?.toString(),
    admin:
      adminEmail && adminPassword
        ? { email: adminEmail.toLowerCase(), password: adminPassword }
        : undefined,
    setupCode: readSetupCode(env),
    oidc: readOidcConfig(env),
    passwordSignIn: readPasswordSignIn(env, readOidcConfig(env)),
    logLevel: logLevel as LogLevel,
    sessionTtlDays: integer(env, 'SESSION_TTL_DAYS', 30, 1, 365),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    metricsToken: read(env, 'METRICS_TOKEN'),
    authRateLimitPerMinute: integer(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 30, 1, 1_000_000),
    commentRateLimitPerMinute: integer(env, 'COMMENT_RATE_LIMIT_PER_MINUTE', 30, 1, 1_000_000),
    webBuildDir: isAbsolute(webBuildDir) ? webBuildDir : resolve(process.cwd(), webBuildDir),
    runMigrations: boolean(env, 'RUN_MIGRATIONS', true),
    seedSample: boolean(env, 'SEED_SAMPLE_BRIEFING', true),
    mail: smtpUrl && mailFrom ? { smtpUrl: smtpUrl.toString(), from: mailFrom } : undefined,
    digestHour: integer(env, 'DIGEST_HOUR', 7, 0, 23),
    reminderIntervalSeconds: integer(env, 'REMINDER_INTERVAL_SECONDS', 300, 0, 86_400),
    savedSearchAlertIntervalSeconds: integer(
      env,
      'SAVED_SEARCH_ALERT_INTERVAL_SECONDS',
      60,
      0,
      86_400,
    ),
    jobs: {
      pollIntervalMs: integer(env, 'JOB_POLL_INTERVAL_MS', 2_000, 500, 60_000),
      retryDelaySeconds: integer(env, 'JOB_RETRY_DELAY_SECONDS', 30, 0, 3_600),
    },
    backgroundJobs: true,
    outboundAllowlist: hostPorts(env, 'OUTBOUND_ALLOWLIST'),
    feedPollIntervalSeconds: integer(env, 'FEED_POLL_INTERVAL_SECONDS', 900, 0, 86_400),
    inboundMail: inboundMail(env, publicUrl),
    totpEncryptionKey: key32(env, 'TOTP_ENCRYPTION_KEY'),
    webhooks: {
      retryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 20),
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 16, 1, 100),
    },
    notificationBatchSeconds: integer(env, 'NOTIFICATION_BATCH_SECONDS', 300, 0, 86_400),
    passwordHash: {
      memoryKib: integer(env, 'ARGON2_MEMORY_KIB', 65_536, 1024, 4_194_304),
      timeCost: integer(env, 'ARGON2_TIME_COST', 3, 1, 100),
      parallelism: integer(env, 'ARGON2_PARALLELISM', 4, 1, 16),
    },
  };
}
