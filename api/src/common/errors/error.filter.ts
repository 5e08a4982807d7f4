import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseOutage } from './database-outage.js';
import { DomainError, type ErrorCode } from './domain-error.js';
import { errorBody, type ErrorBody } from './error-body.js';

/** Codes for HTTP errors raised by the framework rather than by our services. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

/** How long a client should wait before retrying during a database outage. */
const OUTAGE_RETRY_SECONDS = 5;

interface Mapped {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** Maps anything thrown to the contract's error shape; unknown errors are logged and become a 500. */
export function mapError(error: unknown): Mapped {
  if (error instanceof DomainError) {
    return {
      status: error.status,
      body: errorBody(error.code, error.message, error.details),
      headers: error.headers,
    };
  }
  if (error instanceof ThrottlerException) {
    return {
      status: 429,
      body: errorBody('RATE_LIMITED', 'Too many requests: slow down and try again shortly.'),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    return { status, body: errorBody(code, sentence(error)) };
  }
  // Errors fastify raises before a route runs (body parsing, size limits, content types).
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const status = fastifyError.statusCode;
    const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
    const message =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'The request body is too large.'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'This content type is not supported here.'
          : fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'The request body is empty but the content type says JSON.'
            : status === 400
              ? `The request body could not be read: ${fastifyError.message ?? 'malformed'}.`
              : (fastifyError.message ?? 'The request was rejected.');
    return { status, body: errorBody(code, message) };
  }
  if (isDatabaseOutage(error)) {
    return {
      status: 503,
      body: errorBody(
        'SERVICE_UNAVAILABLE',
        'The database cannot be reached right now; try again in a few seconds.',
      ),
      headers: { 'Retry-After': String(OUTAGE_RETRY_SECONDS) },
    };
  }
  return {
    status: 500,
    body: errorBody('INTERNAL_ERROR', 'Something went wrong on our side; it has been logged.'),
  };
}

function sentence(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = response.message;
    if (typeof message === 'string') return message;
  }
  return error.message;
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const mapped = mapError(error);
    if (mapped.status === 503 && mapped.body.error.code === 'SERVICE_UNAVAILABLE') {
      this.logger.warn(
        { err: error, method: request.method, url: request.url },
        'Database unavailable',
      );
    } else if (mapped.status >= 500) {
      this.logger.error(
        { err: error, method: request.method, url: request.url },
        'Unhandled error',
      );
    }
    if (mapped.status === 429 && !reply.getHeader('retry-after')) {
      // The throttler names its header after the limit that tripped (Retry-After-<name>); clients read Retry-After.
      const named = Object.keys(reply.getHeaders()).find((header) =>
        header.startsWith('retry-after-'),
      );
      if (named) void reply.header('Retry-After', reply.getHeader(named));
    }
    // Routes that answer CSV or calendars set their own type; errors are always JSON.
    void reply
      .type('application/json; charset=utf-8')
      .status(mapped.status)
      .headers(mapped.headers ?? {})
      .send(mapped.body);
  }
}
