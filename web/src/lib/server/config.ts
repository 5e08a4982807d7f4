// The page server's settings, read once at start-up from the environment.

export interface WebConfig {
  /** Where the page server reaches the API; null means "the origin the request came in on". */
  apiInternalUrl: URL | null;
  apiTimeoutMs: number;
  /** The origin users reach (PUBLIC_URL, as the API reads it): https here makes the session cookie Secure. */
  publicUrl: URL;
  /**
   * The proof the in-process page server sends with the browser's address (the API makes one per
   * process and puts it in BRIEFROOM_PAGE_SERVER_SECRET); without it the API ignores X-Forwarded-For.
   */
  pageServerSecret: string | null;
}

type Environment = Record<string, string | undefined>;

export function readWebConfig(env: Environment): WebConfig {
  return {
    apiInternalUrl: readApiInternalUrl(env.API_INTERNAL_URL),
    apiTimeoutMs: readPositiveInteger('API_TIMEOUT_MS', env.API_TIMEOUT_MS, 10_000),
    publicUrl: readPublicUrl(env.PUBLIC_URL, env.PORT),
    pageServerSecret: env.BRIEFROOM_PAGE_SERVER_SECRET?.trim() || null,
  };
}

// Same default as the API's config: behind a TLS-terminating proxy only PUBLIC_URL knows it is https.
function readPublicUrl(raw: string | undefined, port: string | undefined): URL {
  if (raw === undefined || raw.trim() === '') {
    return new URL(`http://localhost:${port?.trim() || '3000'}`);
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(
      `PUBLIC_URL must be an absolute URL such as https://briefroom.example.com, but it is "${raw}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`PUBLIC_URL must use http or https, but it is "${raw}".`);
  }
  return url;
}

function readApiInternalUrl(raw: string | undefined): URL | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(
      `API_INTERNAL_URL must be an absolute URL such as http://127.0.0.1:3000, but it is "${raw}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`API_INTERNAL_URL must use http or https, but it is "${raw}".`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new Error(
      `API_INTERNAL_URL must be the API server's origin without a path (routes are under /api), but it is "${raw}".`,
    );
  }
  return url;
}

function readPositiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number of milliseconds, but it is "${raw}".`);
  }
  return value;
}
