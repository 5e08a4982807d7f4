import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, type ErrorCode } from './domain-error.js';
import { errorBody } from './error-body.js';

/**
 * Fastify's router answers a malformed URL (e.g. `%FF` in a path) or an over-long path parameter
 * before any hook or filter runs; this gives those answers the contract's shape.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const [code, message]: [ErrorCode, string] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? ['URI_TOO_LONG', 'A path segment of this URL is too long.']
      : ['BAD_REQUEST', 'The URL is malformed: a path segment is not valid percent-encoding.'];
  void reply
    .code(ERROR_STATUS[code])
    .header('x-request-id', request.id)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message));
}

/**
 * Node's HTTP server rejects requests it cannot parse (headers too large, malformed, too slow)
 * before fastify sees them; this writes the contract's shape on the socket instead of fastify's own.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // The peer is gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', 'The request took too long to arrive.']
        : ['BAD_REQUEST', 'The request is not valid HTTP.'];
  const status = ERROR_STATUS[code];
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
