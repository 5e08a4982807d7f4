import { createHash } from 'node:crypto';
import {
  applyDecorators,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, from, of, type Observable } from 'rxjs';
import { DomainError } from '../common/errors/domain-error.js';
import { IdempotencyRepository } from './idempotency.repository.js';

const IDEMPOTENT = Symbol('idempotent');
const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

/**
 * Marks a creating route as safe to retry: with an `Idempotency-Key` header, a repeat of the same
 * request by the same user answers the first result and creates nothing; the same key on a
 * different request is a 409.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Up to 200 visible ASCII characters. A retry with the same key and body returns the first answer; another body with it is 409.',
    }),
  );

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get(IDEMPOTENT, context.getHandler()))
      return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['idempotency-key'];
    const userId = request.auth?.user.id;
    if (key === undefined || !userId) return next.handle();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key))
      throw new DomainError(
        'VALIDATION_FAILED',
        'Idempotency-Key must be 1 to 200 visible ASCII characters.',
      );
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([request.method, request.routeOptions.url, request.params, request.body]),
      )
      .digest('hex');
    return from(this.keys.claim(userId, key, fingerprint)).pipe(
      concatMap((claim) => {
        if (claim.kind === 'reused')
          throw new DomainError(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a different request.',
          );
        if (claim.kind === 'in-progress')
          throw new DomainError(
            'CONFLICT',
            'A request with this Idempotency-Key is still running: retry in a moment.',
            undefined,
            { 'Retry-After': '1' },
          );
        if (claim.kind === 'replay') {
          void reply.status(claim.status);
          return of(claim.response);
        }
        return next.handle().pipe(
          concatMap(async (response: unknown) => {
            await this.keys.answer(userId, key, reply.statusCode, response);
            return response;
          }),
          catchError(async (error: unknown) => {
            await this.keys.release(userId, key);
            throw error;
          }),
        );
      }),
    );
  }
}
