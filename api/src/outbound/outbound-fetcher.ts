import type { OnModuleDestroy } from '@nestjs/common';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';
import { DomainError } from '../common/errors/domain-error.js';
import { BlockedAddressError, OutboundError, notAllowed } from './outbound-error.js';
import { OutboundGuard, refusal } from './outbound-guard.js';

/** Defaults of every outbound request; a caller may ask for less, never for no limit. */
export const OUTBOUND_LIMITS = {
  timeoutMs: 10_000,
  maxBytes: 2 * 1024 * 1024,
  maxRedirects: 5,
} as const;

export interface OutboundRequest {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Media types (lower case, no parameters) a successful answer may have; undefined takes any. */
  accept?: readonly string[];
  /** Most bytes read, counted both as sent and after gzip/deflate/br decoding. */
  maxBytes?: number;
  /** For the whole exchange: every redirect, the headers and the body. */
  timeoutMs?: number;
  /** 0 returns the redirect itself; above that, more redirects is an error. */
  maxRedirects?: number;
  /** A conditional GET: the validators of what the caller has; an unchanged resource answers 304. */
  etag?: string | null;
  lastModified?: string | null;
  /** Answers 400 and above are returned rather than thrown (a webhook delivery records its status). */
  acceptHttpErrors?: boolean;
}

export interface OutboundResponse {
  status: number;
  /** The body after content decoding; empty for 304 and HEAD. */
  bytes: Buffer;
  contentType: string | null;
  /** Where the last redirect led. */
  finalUrl: string;
  etag: string | null;
  lastModified: string | null;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** How much of a refused answer's body is drained so its connection can be reused. */
const DRAIN_LIMIT = 64 * 1024;

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function mediaTypeOf(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || null;
}

function tooLarge(maxBytes: number): OutboundError {
  return new OutboundError(
    'too_large',
    `The document at the URL is larger than ${formatBytes(maxBytes)}.`,
    { limitBytes: maxBytes },
  );
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

/** A streaming decoder for one content coding; undefined for one we do not speak. */
function decoderFor(coding: string): Transform | undefined {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    // HTTP's deflate is zlib-wrapped; createUnzip also takes a gzip header some servers send.
    case 'deflate':
      return zlib.createUnzip();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Network failures as a sentence that names the host and what went wrong, never an address. */
function unreachable(url: URL, error: unknown): OutboundError {
  const code = (error as { code?: unknown }).code;
  const why =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'the name does not resolve'
      : code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : typeof code === 'string' && code.startsWith('ERR_TLS')
          ? 'its TLS certificate was not accepted'
          : typeof code === 'string' && /CERT|SELF_SIGNED/.test(code)
            ? 'its TLS certificate was not accepted'
            : 'the connection failed';
  return new OutboundError('unreachable', `Could not fetch from ${url.host}: ${why}.`, {
    cause: typeof code === 'string' ? code : undefined,
  });
}

function blockedIn(error: unknown): BlockedAddressError | undefined {
  const seen = new Set<unknown>();
  for (let current = error; typeof current === 'object' && current !== null;) {
    if (current instanceof BlockedAddressError) return current;
    if (seen.has(current)) return undefined;
    seen.add(current);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Briefroom's one way to make a request to a URL someone gave it (URL import, feeds, webhooks):
 * through OutboundGuard's connector, so every connection of every redirect lands on a checked
 * address; with a time-out over the whole exchange, at most `maxRedirects` redirects (each
 * re-checked), a size cap counted while streaming both before and after decompression (a gzip
 * bomb stops at the cap), and a content-type check. Every failure is an OutboundError, a 4xx.
 */
export class OutboundFetcher implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(
    private readonly guard: OutboundGuard,
    private readonly userAgent = 'Briefroom',
  ) {
    this.agent = new Agent({
      connect: guard.connector({ timeout: OUTBOUND_LIMITS.timeoutMs }),
      headersTimeout: OUTBOUND_LIMITS.timeoutMs,
      bodyTimeout: OUTBOUND_LIMITS.timeoutMs,
      connections: 16,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }

  async fetch(raw: string | URL, options: OutboundRequest = {}): Promise<OutboundResponse> {
    const timeoutMs = Math.min(
      options.timeoutMs ?? OUTBOUND_LIMITS.timeoutMs,
      OUTBOUND_LIMITS.timeoutMs,
    );
    let url = this.guard.checkUrl(raw);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      return await this.follow(url, options, deadline.signal, (next) => (url = next));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (deadline.signal.aborted) {
        throw new OutboundError(
          'timeout',
          `${url.host} did not answer within ${timeoutMs / 1000} s.`,
          { timeoutMs },
        );
      }
      const blocked = blockedIn(error);
      if (blocked) throw notAllowed(refusal(blocked.hostname));
      throw unreachable(url, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private async follow(
    start: URL,
    options: OutboundRequest,
    signal: AbortSignal,
    moved: (url: URL) => void,
  ): Promise<OutboundResponse> {
    const maxRedirects = Math.min(
      options.maxRedirects ?? OUTBOUND_LIMITS.maxRedirects,
      OUTBOUND_LIMITS.maxRedirects,
    );
    let url = start;
    let method = options.method ?? 'GET';
    let body = options.body;
    for (let redirects = 0; ; redirects += 1) {
      const response = await request(url, {
        dispatcher: this.agent,
        method,
        headers: this.headers(options),
        body,
        signal,
      });
      const location = header(response.headers, 'location');
      if (!REDIRECTS.has(response.statusCode) || location === null || maxRedirects === 0) {
        return this.read(url, method, response, options, signal);
      }
      await response.body.dump({ limit: DRAIN_LIMIT });
      if (redirects >= maxRedirects) {
        throw new OutboundError(
          'too_many_redirects',
          `The URL redirected more than ${maxRedirects} times.`,
          { maxRedirects },
        );
      }
      if (!URL.canParse(location, url.href)) {
        throw new OutboundError('unreachable', `${url.host} redirected to an invalid URL.`);
      }
      url = this.guard.checkUrl(new URL(location, url));
      moved(url);
      // As browsers do: 303, and 301/302 after a POST, continue with a GET without a body.
      if (response.statusCode === 303 || (method === 'POST' && response.statusCode < 303)) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  private headers(options: OutboundRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      'accept-encoding': 'gzip, deflate, br',
      accept: options.accept ? [...options.accept, '*/*;q=0.1'].join(', ') : '*/*',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    return { ...headers, ...options.headers };
  }

  private async read(
    url: URL,
    method: string,
    response: Dispatcher.ResponseData,
    options: OutboundRequest,
    signal: AbortSignal,
  ): Promise<OutboundResponse> {
    const status = response.statusCode;
    const contentType = header(response.headers, 'content-type');
    const answer = {
      status,
      finalUrl: url.href,
      contentType,
      etag: header(response.headers, 'etag'),
      lastModified: header(response.headers, 'last-modified'),
    };
    const refuse = async (error: OutboundError) => {
      await response.body.dump({ limit: DRAIN_LIMIT }).catch(() => undefined);
      return error;
    };
    if (status === 304 || method === 'HEAD') {
      await response.body.dump({ limit: DRAIN_LIMIT });
      return { ...answer, bytes: Buffer.alloc(0) };
    }
    if ((status >= 400 || (status >= 300 && status < 400)) && !options.acceptHttpErrors) {
      throw await refuse(
        new OutboundError('http_status', `${url.host} answered HTTP ${status}.`, { status }),
      );
    }
    const maxBytes = Math.min(options.maxBytes ?? OUTBOUND_LIMITS.maxBytes, 64 * 1024 * 1024);
    if (options.accept && status < 300) {
      const mediaType = mediaTypeOf(contentType);
      if (!mediaType || !options.accept.includes(mediaType)) {
        throw await refuse(
          new OutboundError(
            'content_type',
            mediaType
              ? `The URL serves ${mediaType}, which is not a document Briefroom imports.`
              : 'The URL does not say what kind of document it serves (no Content-Type).',
            { contentType: mediaType },
          ),
        );
      }
    }
    const length = Number(header(response.headers, 'content-length'));
    if (Number.isFinite(length) && length > maxBytes) throw await refuse(tooLarge(maxBytes));
    const codings = (header(response.headers, 'content-encoding') ?? '')
      .split(',')
      .map((coding) => coding.trim().toLowerCase())
      .filter((coding) => coding !== '' && coding !== 'identity');
    return { ...answer, bytes: await this.readBody(response, codings, maxBytes, signal) };
  }

  /** The body, decoded, counting bytes on both sides of the decoders so neither can exceed the cap. */
  private async readBody(
    response: Dispatcher.ResponseData,
    codings: string[],
    maxBytes: number,
    signal: AbortSignal,
  ): Promise<Buffer> {
    const decoders: Transform[] = [];
    // Codings are listed in the order applied, so they are undone last first.
    for (const coding of [...codings].reverse()) {
      const decoder = decoderFor(coding);
      if (!decoder) {
        await response.body.dump({ limit: DRAIN_LIMIT }).catch(() => undefined);
        throw new OutboundError(
          'bad_encoding',
          `The URL's answer is encoded as ${coding}, which Briefroom does not decode.`,
        );
      }
      decoders.push(decoder);
    }
    let sent = 0;
    let decoded = 0;
    const chunks: Buffer[] = [];
    const countSent = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sent += chunk.length;
        if (sent > maxBytes) done(tooLarge(maxBytes));
        else done(null, chunk);
      },
    });
    const collect = new Writable({
      write(chunk: Buffer, _encoding, done) {
        decoded += chunk.length;
        if (decoded > maxBytes) return done(tooLarge(maxBytes));
        chunks.push(chunk);
        done();
      },
    });
    try {
      await pipeline([response.body, countSent, ...decoders, collect], { signal });
    } catch (error) {
      if (error instanceof OutboundError || signal.aborted) throw error;
      if (decoders.length > 0 && typeof (error as { errno?: unknown }).errno === 'number') {
        throw new OutboundError(
          'bad_encoding',
          `The URL's answer is not valid ${codings.join(', ')} data.`,
        );
      }
      throw error;
    }
    return Buffer.concat(chunks);
  }
}
