import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { AuditLog } from '../../audit/audit-log.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { Role, UserEntity } from '../../users/user.entity.js';
import { UsersRepository } from '../../users/users.repository.js';
import type { SessionDto } from '../auth.dto.js';
import { AuthService, type ClientMeta } from '../auth.service.js';
import { hashSecret } from '../token-hash.js';
import { domainAllowed, mappedRole, safeReturnTo } from './oidc-claims.js';
import type { OidcConfig } from './oidc-config.js';
import { OidcSignInRepository } from './oidc-sign-in.repository.js';
import type { AuthProvidersDto } from './oidc.dto.js';

/** A sign-in started here must come back within this long. */
export const SIGN_IN_TTL_SECONDS = 600;
const SCOPE = 'openid email profile';

/** Why a single sign-on was refused; the code goes to /login?error=… and the login page explains it. */
export type OidcRefusalCode =
  | 'oidc_state'
  | 'oidc_expired'
  | 'oidc_denied'
  | 'oidc_failed'
  | 'oidc_unavailable'
  | 'oidc_no_email'
  | 'oidc_email_unverified'
  | 'oidc_domain'
  | 'oidc_deactivated';

export class OidcRefusal extends Error {
  override readonly name = 'OidcRefusal';
  constructor(
    readonly code: OidcRefusalCode,
    message: string,
    readonly email?: string,
  ) {
    super(message);
  }
}

export interface SignInStart {
  /** The provider's authorization URL. */
  location: string;
  /** Goes into the browser's short-lived cookie; the callback must bring the same back. */
  state: string;
}

/**
 * Single sign-on with OpenID Connect: authorization code + PKCE (S256), `state` bound to the
 * browser by a cookie and `nonce` bound to the ID token; the attempt lives in PostgreSQL so any
 * replica can finish it, and is good for one callback.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('OIDC');
  private discovery: Promise<client.Configuration> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attempts: OidcSignInRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
  ) {}

  providers(): AuthProvidersDto {
    const oidc = this.config.oidc;
    return {
      password: this.config.passwordSignIn,
      oidc: oidc ? { displayName: oidc.displayName, loginUrl: '/api/auth/oidc/login' } : null,
    };
  }

  get redirectUri(): string {
    return `${this.config.publicUrl.origin}/api/auth/oidc/callback`;
  }

  /** 404 in the error shape when single sign-on is not configured. */
  requireConfigured(): OidcConfig {
    if (!this.config.oidc)
      throw new DomainError('NOT_FOUND', 'Single sign-on is not configured on this server.');
    return this.config.oidc;
  }

  async begin(options: { returnTo?: string; loginHint?: string }): Promise<SignInStart> {
    this.requireConfigured();
    const server = await this.server();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    await this.attempts.create(
      hashSecret(state),
      { nonce, codeVerifier, returnTo: safeReturnTo(options.returnTo) },
      SIGN_IN_TTL_SECONDS,
    );
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    };
    if (options.loginHint) parameters.login_hint = options.loginHint;
    return { location: client.buildAuthorizationUrl(server, parameters).href, state };
  }

  /** The provider sent the browser back: check everything, find or make the account, start a session. */
  async finish(
    query: URLSearchParams,
    browserState: string | undefined,
    meta: ClientMeta,
  ): Promise<{ session: SessionDto; returnTo: string }> {
    const oidc = this.requireConfigured();
    try {
      return await this.signIn(oidc, query, browserState, meta);
    } catch (error) {
      if (!(error instanceof OidcRefusal)) throw error;
      await this.audit.record({
        actorId: null,
        action: 'auth.oidc.refused',
        ip: meta.ip,
        details: { reason: error.code, ...(error.email ? { email: error.email } : {}) },
      });
      throw error;
    }
  }

  private async signIn(
    oidc: OidcConfig,
    query: URLSearchParams,
    browserState: string | undefined,
    meta: ClientMeta,
  ): Promise<{ session: SessionDto; returnTo: string }> {
    const state = query.get('state');
    // The state must be the one this browser was given, not one planted from another sign-in.
    if (!browserState || !state || state !== browserState)
      throw new OidcRefusal(
        'oidc_state',
        'The sign-in did not come back to the browser that started it.',
      );
    const pending = await this.attempts.take(hashSecret(state));
    if (!pending)
      throw new OidcRefusal('oidc_expired', 'The sign-in took too long or was already used.');
    if (query.has('error'))
      throw new OidcRefusal('oidc_denied', `The provider refused: ${query.get('error')}.`);

    const server = await this.server();
    const callbackUrl = new URL(this.redirectUri);
    callbackUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(server, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token');
      const userInfo = server.serverMetadata().userinfo_endpoint
        ? await client.fetchUserInfo(server, tokens.access_token, idToken.sub)
        : {};
      claims = { ...userInfo, ...idToken };
    } catch (error) {
      this.logger.warn(`Single sign-on failed at the provider: ${describe(error)}`);
      throw new OidcRefusal('oidc_failed', 'The provider did not confirm the sign-in.');
    }

    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw new OidcRefusal('oidc_no_email', 'The provider gave no e-mail address.');
    if (claims.email_verified !== true)
      throw new OidcRefusal(
        'oidc_email_unverified',
        'The provider has not verified this e-mail.',
        email,
      );
    const role = mappedRole(claims, oidc);

    let user = await this.users.findByEmail(email);
    let created = false;
    if (user) {
      if (!user.active)
        throw new OidcRefusal('oidc_deactivated', 'This account is deactivated.', email);
      user = await this.applyRole(user, role);
    } else {
      if (!domainAllowed(email, oidc.allowedDomains))
        throw new OidcRefusal('oidc_domain', 'No account exists for this e-mail domain.', email);
      user = await this.createAccount(email, displayName(claims, email), role ?? oidc.defaultRole);
      created = true;
    }

    const session = await this.auth.startSession(user, meta);
    await this.audit.record({
      actorId: user.id,
      action: 'auth.oidc.sign_in',
      targetType: 'user',
      targetId: user.id,
      ip: meta.ip,
      details: { email, created, role: user.role, issuer: oidc.issuer.href },
    });
    return { session, returnTo: pending.returnTo };
  }

  /** The provider's claim decides the role at each sign-in, except that the last admin is never demoted. */
  private async applyRole(user: UserEntity, role: Role | undefined): Promise<UserEntity> {
    if (!role || role === user.role) return user;
    if (user.role === 'admin' && (await this.users.countActiveAdmins()) <= 1) return user;
    const updated = await this.users.update(user.id, { role });
    await this.auth.userChanged(user.id, { revoke: false });
    await this.audit.record({
      actorId: null,
      action: 'admin.user.role_changed',
      targetType: 'user',
      targetId: user.id,
      details: { from: user.role, to: role, by: 'oidc' },
    });
    return updated ?? user;
  }

  private async createAccount(email: string, name: string, role: Role): Promise<UserEntity> {
    try {
      return await this.users.create({ email, displayName: name, role, passwordHash: null });
    } catch (error) {
      // Two first sign-ins of one person at once: the other made the account.
      const existing = await this.users.findByEmail(email);
      if (existing) return existing;
      throw error;
    }
  }

  /** Discovery once per process; a failed one is retried by the next sign-in. */
  private server(): Promise<client.Configuration> {
    const oidc = this.requireConfigured();
    this.discovery ??= client
      .discovery(
        oidc.issuer,
        oidc.clientId,
        undefined,
        oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
        {
          execute: oidc.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
          timeout: 10,
        },
      )
      .catch((error: unknown) => {
        this.discovery = undefined;
        this.logger.warn(`OIDC discovery at ${oidc.issuer.href} failed: ${describe(error)}`);
        throw new OidcRefusal('oidc_unavailable', 'The sign-in provider cannot be reached.');
      });
    return this.discovery;
  }
}

function displayName(claims: Record<string, unknown>, email: string): string {
  const parts = [claims.name, [claims.given_name, claims.family_name].filter(Boolean).join(' ')];
  const name = parts.find((part): part is string => typeof part === 'string' && part.trim() !== '');
  return (name?.trim() ?? email.slice(0, email.indexOf('@'))).slice(0, 100);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code =
    (error as { code?: unknown; error?: unknown }).error ?? (error as { code?: unknown }).code;
  return `${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}
