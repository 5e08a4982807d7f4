import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's exact bytes, kept on routes that verify a signature over them. */
    rawBody?: Buffer;
  }
}

/**
 * Keeps the exact bytes of request bodies on the given routes (a signature is over the bytes,
 * not over what a parser makes of them), then hands the same bytes on to the usual parsing.
 */
export function captureRawBody(fastify: FastifyInstance, routes: ReadonlySet<string>): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!routes.has(request.routeOptions.url ?? '')) return payload;
    const limit = request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `The request body is over ${limit} bytes.`);
      }
      chunks.push(chunk);
    }
    request.rawBody = Buffer.concat(chunks);
    const replay = Readable.from(size ? [request.rawBody] : [], { objectMode: false });
    // fastify's body-limit check reads how many bytes arrived on the wire
    return Object.assign(replay, { receivedEncodedLength: size });
  });
}
