/** What the matrix keeps of an answer: enough to judge it and to search it for leaked text. */
export interface ApiAnswer {
  status: number;
  text: string;
  /** Parsed JSON, when the answer is JSON. */
  json: unknown;
  errorCode: string | undefined;
  errorMessage: string | undefined;
}

export interface ApiCall {
  method: string;
  path: string;
  query?: Record<string, string>;
  /** A bearer secret (session token or API token); none for an anonymous call. */
  secret?: string;
  body?: unknown;
}

/** One call to the running API over real HTTP, as a script would make it (bearer, JSON). */
export async function apiRequest(baseUrl: string, call: ApiCall): Promise<ApiAnswer> {
  const url = new URL(call.path, baseUrl);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = {};
  if (call.secret) headers.authorization = `Bearer ${call.secret}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: call.method,
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    // A redirect is the route's own answer (single sign-on), not a page to fetch next.
    redirect: 'manual',
  });
  const text = await response.text();
  let json: unknown;
  if (response.headers.get('content-type')?.startsWith('application/json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
  return {
    status: response.status,
    text,
    json,
    errorCode: error?.code,
    errorMessage: error?.message,
  };
}

/** A call that must succeed (fixture set-up): its parsed JSON, or a thrown error naming the answer. */
export async function apiExpect<T>(
  baseUrl: string,
  call: ApiCall,
  statuses: number[] = [200, 201, 204],
): Promise<T> {
  const answer = await apiRequest(baseUrl, call);
  if (!statuses.includes(answer.status)) {
    throw new Error(
      `set-up call ${call.method} ${call.path} answered ${answer.status}: ${answer.text.slice(0, 300)}`,
    );
  }
  return answer.json as T;
}
