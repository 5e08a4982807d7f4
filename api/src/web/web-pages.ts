import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { errorBody } from '../common/errors/error-body.js';

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
  const handlerFile = join(webBuildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    logger.warn({ handlerFile }, 'No web build found: serving the API only (run `npm run build`)');
    return async () => undefined;
  }
  let ready: (handler: NodeHandler) => void;
  const handler = new Promise<NodeHandler>((resolve) => (ready = resolve));

  void fastify.register(async (pages) => {
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
