import { randomUUID } from 'node:crypto';
import { anAuth, domainError, injected } from '../../test/support/unit.js';
import type { AppConfig } from '../config/app-config.js';
import type { Role } from '../users/user.entity.js';
import type { User, UsersRepository } from '../users/users.repository.js';
import type { ApiTokenEntity } from './api-token.entity.js';
import type { AuthRepository, PrincipalRow } from './auth.repository.js';
import { AuthService, LOCKOUT } from './auth.service.js';
import type { CredentialCache } from './credential-cache.js';
import type { PasswordHasher } from './password-hasher.js';
import { hashSecret } from './token-hash.js';

function aUser(overrides: Partial<User> = {}): User {
  const id = randomUUID();
  return {
    id,
    email: `${id.slice(0, 8)}@example.test`,
    displayName: 'Ann',
    handle: id.slice(0, 8),
    role: 'member',
    active: true,
    passwordHash: 'hashed:right password',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

function aPrincipal(overrides: Partial<PrincipalRow> = {}): PrincipalRow {
  return {
    credentialId: randomUUID(),
    userId: randomUUID(),
    email: 'ann@example.test',
    displayName: 'Ann',
    handle: 'ann',
    userRole: 'admin',
    userCreatedAt: new Date('2026-01-01T00:00:00Z'),
    ceiling: null,
    expiresAt: null,
    lastSeenAt: new Date(),
    ...overrides,
  };
}

/** Sessions, tokens and the sign-in lock-out in memory (the SQL window is tested on PostgreSQL). */
class FakeAuthRepository implements Pick<
  AuthRepository,
  | 'findSessionPrincipal'
  | 'findTokenPrincipal'
  | 'createSession'
  | 'revokeSession'
  | 'revokeUserCredentials'
  | 'touchSession'
  | 'touchToken'
  | 'createToken'
  | 'revokeToken'
  | 'lockedUntil'
  | 'recordFailure'
  | 'clearFailures'
  | 'notifyRevoked'
> {
  readonly sessions = new Map<string, PrincipalRow>();
  readonly tokens = new Map<string, PrincipalRow>();
  readonly failures = new Map<string, number>();
  readonly locks = new Map<string, Date>();
  readonly notified: string[] = [];
  readonly revokedFor: Array<{ userId: string; exceptSessionId?: string; tokens?: boolean }> = [];
  readonly created: Array<{ id: string; userId: string }> = [];
  lookups = 0;

  findSessionPrincipal(id: string) {
    this.lookups += 1;
    return Promise.resolve(this.sessions.get(id));
  }
  findTokenPrincipal(hash: string) {
    this.lookups += 1;
    return Promise.resolve(this.tokens.get(hash));
  }
  createSession(session: { id: string; userId: string }) {
    this.created.push(session);
    return Promise.resolve();
  }
  revokeSession(id: string) {
    this.sessions.delete(id);
    return Promise.resolve();
  }
  revokeUserCredentials(userId: string, options: { exceptSessionId?: string; tokens?: boolean }) {
    this.revokedFor.push({ userId, ...options });
    return Promise.resolve();
  }
  touchSession() {
    return Promise.resolve();
  }
  touchToken() {
    return Promise.resolve();
  }
  createToken(token: Pick<ApiTokenEntity, 'userId' | 'name' | 'role' | 'tokenHash' | 'expiresAt'>) {
    return Promise.resolve({
      ...token,
      id: randomUUID(),
      createdAt: new Date(),
      lastUsedAt: null,
    } as unknown as ApiTokenEntity);
  }
  revokeToken(_userId: string, tokenId: string) {
    return Promise.resolve(tokenId === 'live-token');
  }
  lockedUntil(email: string) {
    const until = this.locks.get(email);
    return Promise.resolve(until && until > new Date() ? until : undefined);
  }
  recordFailure(email: string, windowSeconds: number, maxFailures: number) {
    const failures = (this.failures.get(email) ?? 0) + 1;
    this.failures.set(email, failures);
    if (failures < maxFailures) return Promise.resolve(undefined);
    const until = new Date(Date.now() + windowSeconds * 1000);
    this.locks.set(email, until);
    return Promise.resolve(until);
  }
  clearFailures(email: string) {
    this.failures.delete(email);
    return Promise.resolve();
  }
  notifyRevoked(key: string) {
    this.notified.push(key);
    return Promise.resolve();
  }
}

class FakeUsers implements Pick<
  UsersRepository,
  'hasAnyUser' | 'createFirstAdmin' | 'findByEmail' | 'findById' | 'update'
> {
  readonly users = new Map<string, User>();
  add(user: User): User {
    this.users.set(user.id, user);
    return user;
  }
  hasAnyUser() {
    return Promise.resolve(this.users.size > 0);
  }
  createFirstAdmin(user: Pick<User, 'email' | 'displayName' | 'passwordHash'>) {
    return Promise.resolve(this.add(aUser({ ...user, role: 'admin' })));
  }
  findByEmail(email: string) {
    return Promise.resolve([...this.users.values()].find((user) => user.email === email));
  }
  findById(id: string) {
    return Promise.resolve(this.users.get(id));
  }
  update(id: string, changes: Partial<User>) {
    return Promise.resolve(Object.assign(this.users.get(id)!, changes));
  }
}

/** Argon2 is slow on purpose; the rules here only need "matches or not". */
const hasher: Pick<PasswordHasher, 'hash' | 'verify'> = {
  hash: (password) => Promise.resolve(`hashed:${password}`),
  verify: (hash, password) => Promise.resolve(hash === `hashed:${password}`),
};

class FakeCache implements Pick<CredentialCache, 'get' | 'set' | 'revoke' | 'onRevoked'> {
  readonly entries = new Map<string, PrincipalRow>();
  readonly revoked: string[] = [];
  get(hash: string) {
    return this.entries.get(hash);
  }
  set(hash: string, principal: PrincipalRow) {
    this.entries.set(hash, principal);
  }
  revoke(key: string) {
    this.revoked.push(key);
    this.entries.clear();
  }
  onRevoked() {
    return () => undefined;
  }
}

describe(AuthService.name, () => {
  let sut: AuthService;
  let auth: FakeAuthRepository;
  let users: FakeUsers;
  let cache: FakeCache;
  const meta = { userAgent: 'jest', ip: '192.0.2.1' };

  beforeEach(() => {
    auth = new FakeAuthRepository();
    users = new FakeUsers();
    cache = new FakeCache();
    sut = new AuthService(
      injected<AppConfig>({ sessionTtlDays: 30 }),
      injected<AuthRepository>(auth),
      injected<UsersRepository>(users),
      injected<PasswordHasher>(hasher),
      injected<CredentialCache>(cache),
    );
  });

  describe('signup', () => {
    it('makes the first account an admin and signs it in', async () => {
      const session = await sut.signup(
        { email: 'first@example.test', displayName: 'First', password: 'long enough password' },
        meta,
      );
      expect(session.user).toMatchObject({ email: 'first@example.test', role: 'admin' });
      // only the token's hash is stored
      expect(auth.created).toEqual([expect.objectContaining({ id: hashSecret(session.token) })]);
    });

    it('is closed once any account exists', async () => {
      users.add(aUser());
      await domainError(
        sut.signup(
          { email: 'x@example.test', displayName: 'X', password: 'long enough password' },
          meta,
        ),
        'SIGNUP_CLOSED',
      );
    });
  });

  describe('login', () => {
    it('signs in with the right password and forgets earlier failures', async () => {
      const user = users.add(aUser());
      auth.failures.set(user.email, 3);
      await expect(
        sut.login({ email: user.email, password: 'right password' }, meta),
      ).resolves.toMatchObject({
        user: { id: user.id },
      });
      expect(auth.failures.has(user.email)).toBe(false);
    });

    it.each([
      ['a wrong password', () => aUser(), 'wrong'],
      ['a deactivated account', () => aUser({ active: false }), 'right password'],
    ])('refuses %s with the same answer as an unknown email', async (_case, make, password) => {
      const user = users.add(make());
      const known = await domainError(
        sut.login({ email: user.email, password }, meta),
        'INVALID_CREDENTIALS',
      );
      const unknown = await domainError(
        sut.login({ email: 'nobody@example.test', password }, meta),
        'INVALID_CREDENTIALS',
      );
      expect(known.message).toBe(unknown.message);
      expect(auth.created).toEqual([]);
    });

    it(`locks an email after ${LOCKOUT.maxFailures} failures, even for the right password then`, async () => {
      const user = users.add(aUser());
      for (let i = 1; i < LOCKOUT.maxFailures; i++)
        await domainError(
          sut.login({ email: user.email, password: 'wrong' }, meta),
          'INVALID_CREDENTIALS',
        );
      const locked = await domainError(
        sut.login({ email: user.email, password: 'wrong' }, meta),
        'TOO_MANY_ATTEMPTS',
      );
      expect(Number(locked.headers?.['Retry-After'])).toBeGreaterThan(LOCKOUT.windowSeconds - 5);
      await domainError(
        sut.login({ email: user.email, password: 'right password' }, meta),
        'TOO_MANY_ATTEMPTS',
      );
      expect(auth.created).toEqual([]);
    });
  });

  describe('authenticate', () => {
    it("gives an API token the lesser of the user's role and the token's ceiling", async () => {
      const principal = aPrincipal({ userRole: 'admin', ceiling: 'viewer' });
      auth.tokens.set(hashSecret('brt_secret'), principal);
      const context = await sut.authenticate('brt_secret', 'bearer');
      expect(context).toMatchObject({
        role: 'viewer',
        tokenId: principal.credentialId,
        sessionId: null,
      });
      expect(context!.user.role).toBe('admin');
    });

    it('never raises a token above the user: a demoted user keeps their new role', async () => {
      auth.tokens.set(hashSecret('brt_x'), aPrincipal({ userRole: 'member', ceiling: 'admin' }));
      await expect(sut.authenticate('brt_x', 'bearer')).resolves.toMatchObject({ role: 'member' });
    });

    it('reads a session at the user role, from the cache after the first time', async () => {
      const principal = aPrincipal({ userRole: 'editor' });
      auth.sessions.set(hashSecret('session-secret'), principal);
      await sut.authenticate('session-secret', 'cookie');
      const context = await sut.authenticate('session-secret', 'cookie');
      expect(context).toMatchObject({
        role: 'editor',
        sessionId: principal.credentialId,
        tokenId: null,
      });
      expect(auth.lookups).toBe(1);
    });

    it('refuses an unknown or expired credential', async () => {
      await expect(sut.authenticate('unknown', 'cookie')).resolves.toBeUndefined();
      auth.sessions.set(hashSecret('old'), aPrincipal({ expiresAt: new Date(Date.now() - 1000) }));
      await expect(sut.authenticate('old', 'cookie')).resolves.toBeUndefined();
    });
  });

  describe('tokens', () => {
    it.each<[Role, Role, boolean]>([
      ['member', 'member', true],
      ['member', 'viewer', true],
      ['member', 'editor', false],
      ['editor', 'admin', false],
      ['admin', 'admin', true],
    ])('a %s may create a %s token: %s', async (role, wanted, allowed) => {
      const create = sut.createToken(anAuth(role), { name: 'ci', role: wanted });
      if (allowed) await expect(create).resolves.toMatchObject({ token: { role: wanted } });
      else await domainError(create, 'FORBIDDEN');
    });

    it("caps a token made through another token at that token's ceiling", async () => {
      await domainError(
        sut.createToken(anAuth('admin', { tokenCeiling: 'member' }), { name: 'x', role: 'editor' }),
        'FORBIDDEN',
      );
      await expect(
        sut.createToken(anAuth('admin', { tokenCeiling: 'member' }), { name: 'x' }),
      ).resolves.toMatchObject({ token: { role: 'member' } });
    });

    it('makes a brt_ secret and keeps only its hash', async () => {
      const { secret } = await sut.createToken(anAuth('member'), { name: 'ci' });
      expect(secret).toMatch(/^brt_/);
    });

    it('revoking evicts it everywhere, and is a 404 for a token that is not live', async () => {
      await sut.revokeToken(anAuth(), 'live-token');
      expect(cache.revoked).toEqual(['credential:live-token']);
      expect(auth.notified).toEqual(['credential:live-token']);
      await domainError(sut.revokeToken(anAuth(), 'other'), 'NOT_FOUND');
    });
  });

  describe('changePassword', () => {
    it('ends every other session and every token, keeping the current session', async () => {
      const user = users.add(aUser());
      const context = anAuth('member', { id: user.id, sessionId: 'current' });
      await sut.changePassword(context, {
        currentPassword: 'right password',
        newPassword: 'a new long password',
      });
      expect(users.users.get(user.id)!.passwordHash).toBe('hashed:a new long password');
      expect(auth.revokedFor).toEqual([
        { userId: user.id, exceptSessionId: 'current', tokens: true },
      ]);
      expect(auth.notified).toEqual([`user:${user.id}`]);
    });

    it('refuses a wrong current password and changes nothing', async () => {
      const user = users.add(aUser());
      await domainError(
        sut.changePassword(anAuth('member', { id: user.id }), {
          currentPassword: 'wrong',
          newPassword: 'a new long password',
        }),
        'INVALID_CREDENTIALS',
      );
      expect(users.users.get(user.id)!.passwordHash).toBe('hashed:right password');
      expect(auth.revokedFor).toEqual([]);
    });
  });

  it('a role change refreshes cached credentials without signing anyone out; deactivation revokes', async () => {
    await sut.userChanged('u1', { revoke: false });
    expect(auth.revokedFor).toEqual([]);
    await sut.userChanged('u2', { revoke: true });
    expect(auth.revokedFor).toEqual([{ userId: 'u2', tokens: true }]);
    expect(auth.notified).toEqual(['user:u1', 'user:u2']);
  });
});
