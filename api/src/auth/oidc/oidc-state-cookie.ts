import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { SIGN_IN_TTL_SECONDS } from './oidc.service.js';

const NAME = 'briefroom_oidc';
/** Sent only to the callback, and on the provider's top-level redirect back (SameSite=Lax). */
const PATH = '/api/auth/oidc';

/** Binds a sign-in's `state` to the browser that started it (login CSRF). */
@Injectable()
export class OidcStateCookie {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  set(reply: FastifyReply, state: string): void {
    reply.setCookie(NAME, state, { ...this.options(), maxAge: SIGN_IN_TTL_SECONDS });
  }

  read(request: FastifyRequest): string | undefined {
    return request.cookies[NAME] || undefined;
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(NAME, this.options());
  }

  private options() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.publicUrl.protocol === 'https:',
      path: PATH,
    };
  }
}
