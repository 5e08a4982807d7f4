import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { roleAtLeast } from '../users/user.entity.js';
import { Access } from './access.decorator.js';
import { isAppOrigin, originOf } from './app-origin.js';
import { SESSION_COOKIE } from './auth-context.js';
import { AuthService } from './auth.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate of every HTTP route: reads the route's declared policy, authenticates the caller
 * from the bearer token or session cookie, rejects cross-site cookie writes, then checks the role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authService: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride(Access, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy)
      throw new DomainError(
        'POLICY_MISSING',
        'This route declares no access policy, so it is closed.',
      );

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const unsafe = !SAFE_METHODS.has(request.method);
    const bearer = bearerToken(request);
    const cookie = bearer ? undefined : request.cookies?.[SESSION_COOKIE];
    const auth = bearer
      ? await this.authService.authenticate(bearer, 'bearer')
      : cookie
        ? await this.authService.authenticate(cookie, 'cookie')
        : undefined;
    request.auth = auth;

    if (policy === 'public') {
      // Login CSRF: a cross-site page must not sign a browser in or out of an account. Scripts send
      // neither header; a browser sends Origin, or at least Referer when it leaves Origin out.
      const fromBrowser =
        request.headers.origin !== undefined || request.headers.referer !== undefined;
      if (unsafe && !bearer && fromBrowser && !this.sameOrigin(request)) throw csrfRejected();
      return true;
    }
    if (!auth) {
      throw new DomainError(
        'UNAUTHENTICATED',
        bearer || cookie ? 'Your session has ended: sign in again.' : 'Sign in to do this.',
      );
    }
    if (unsafe && auth.via === 'cookie' && !this.sameOrigin(request)) throw csrfRejected();
    if (!roleAtLeast(auth.role, policy)) {
      throw new DomainError('FORBIDDEN', `This needs the ${policy} role; you act as ${auth.role}.`);
    }
    return true;
  }

  /** The request's Origin (or Referer) must be this app: its public URL or the host it was addressed to. */
  private sameOrigin(request: FastifyRequest): boolean {
    const source = request.headers.origin ?? originOf(request.headers.referer);
    return isAppOrigin(source, this.config.publicUrl, request.host, [request.protocol]);
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ', 2);
  return scheme?.toLowerCase() === 'bearer' && token ? token.trim() : undefined;
}

function csrfRejected(): DomainError {
  return new DomainError(
    'CSRF_REJECTED',
    'This request came from another site, so it was refused.',
  );
}
