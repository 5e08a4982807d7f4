import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { errorBody } from '../common/errors/error-body.js';

/**
 * The in-process page server proves its API calls with this header, whose value it reads from the
 * environment variable below: a secret made once per process, so no other local program (or
 * browser) can pass a forged X-Forwarded-For off as the page server's.
 */
export const PAGE_SERVER_HEADER = 'x-briefroom-page-server';
export const PAGE_SERVER_SECRET_ENV = 'BRIEFROOM_PAGE_SERVER_SECRET';
const pageServerSecret = Buffer.from(randomBytes(32).toString('base64url'));
const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto'];

/** Whether the request came from this process's page server (which then speaks for the browser). */
function fromPageServer(request: FastifyRequest): boolean {
  const proof = request.headers[PAGE_SERVER_HEADER];
  if (typeof proof !== 'string') return false;
  const given = Buffer.from(proof);
  return given.length === pageServerSecret.length && timingSafeEqual(given, pageServerSecret);
}

/**
 * Without a declared proxy, X-Forwarded-* headers are dropped unless the in-process page server
 * sent them (fastify trusts them from loopback only, and any local program is loopback).
 */
export function dropUnprovenForwarding(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const headers = request.raw.headers;
    if (!fromPageServer(request)) {
      for (const name of FORWARDING_HEADERS) delete headers[name];
    }
    delete headers[PAGE_SERVER_HEADER];
    done();
  });
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Serves the SvelteKit (adapter-node) build on the same origin as the API: every path that no API
 * route claims goes to its handler, with the raw request body untouched for form actions.
 * Returns a function that loads the handler once the API's own address is known.
 */
export function mountWebPages(
  fastify: FastifyInstance,
  webBuildDir: string,
  logger: Logger,
): (apiUrl: string) => Promise<void> {
  // adapter-node copies the environment when its handler is first imported.
  process.env[PAGE_SERVER_SECRET_ENV] = pageServerSecret.toString();
  const handlerFile = join(webBuildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    logger.warn({ handlerFile }, 'No web build found: serving the API only (run `npm run build`)');
    return () => Promise.resolve();
  }
  let ready: (handler: NodeHandler) => void;
  const handler = new Promise<NodeHandler>((resolve) => (ready = resolve));

  void fastify.register((pages, _options, registered) => {
    // SvelteKit reads bodies itself; fastify must leave the stream alone inside this scope.
    pages.removeAllContentTypeParsers();
    pages.addContentTypeParser('*', (_request, _payload, done) => done(null));
    pages.all('/*', async (request, reply) => {
      if (
        request.url === '/api' ||
        request.url.startsWith('/api/') ||
        request.url.startsWith('/api?')
      ) {
        return reply
          .code(404)
          .send(
            errorBody('NOT_FOUND', `No API route ${request.method} ${request.url.split('?')[0]}.`),
          );
      }
      // adapter-node derives the page origin (for SvelteKit's own CSRF check) from this header.
      request.raw.headers['x-forwarded-proto'] = request.protocol;
      reply.hijack();
      const serve = await handler;
      serve(request.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('Not found');
      });
    });
    registered();
  });

  return async (apiUrl: string) => {
    // adapter-node copies the environment when its handler is first imported.
    process.env.API_INTERNAL_URL ??= apiUrl;
    process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
    // The import page uploads documents of up to 2 MB as multipart forms.
    process.env.BODY_SIZE_LIMIT ??= '5M';
    const module = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
    ready(module.handler);
  };
}
