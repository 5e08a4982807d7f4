import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from './auth-context.js';
import type { ClientMeta } from './auth.service.js';

/** The authenticated caller; only on routes whose policy is a role (the guard has ensured it). */
export const CurrentAuth = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthContext => {
    const auth = context.switchToHttp().getRequest<FastifyRequest>().auth;
    if (!auth) throw new Error('CurrentAuth used on a route without an authenticated policy');
    return auth;
  },
);

/** The caller's user agent and address, recorded on new sessions. */
export const Client = createParamDecorator((_: unknown, context: ExecutionContext): ClientMeta => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return { userAgent: request.headers['user-agent'] ?? null, ip: request.ip ?? null };
});
