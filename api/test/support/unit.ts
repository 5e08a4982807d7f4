// Factories and fakes for the unit tier (api/src/**/*.spec.ts): no database, no network.
import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../../src/auth/auth-context.js';
import { DomainError, type ErrorCode } from '../../src/common/errors/domain-error.js';
import type { RealtimeGateway } from '../../src/realtime/realtime.gateway.js';
import type { Role } from '../../src/users/user.entity.js';

/**
 * A fake stands in for a class the unit injects; it implements only the methods the unit calls
 * (`Pick<Class, …>`, so a changed signature fails type-checking) and is handed over as the class.
 */
export const injected = <T>(fake: Partial<T>): T => fake as T;

/**
 * A caller. `role` is the account's role; `tokenCeiling` makes it an API-token call whose
 * effective role is the lesser of the two, as AuthService.authenticate computes it.
 */
export function anAuth(
  role: Role = 'member',
  options: { id?: string; tokenCeiling?: Role; sessionId?: string } = {},
): AuthContext {
  const id = options.id ?? randomUUID();
  const ranks: Role[] = ['viewer', 'member', 'editor', 'admin'];
  const ceiling = options.tokenCeiling;
  const effective = ceiling && ranks.indexOf(ceiling) < ranks.indexOf(role) ? ceiling : role;
  const user = {
    id,
    email: `${id.slice(0, 8)}@example.test`,
    displayName: `User ${id.slice(0, 8)}`,
    handle: `user-${id.slice(0, 8)}`,
    role,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  };
  return {
    user,
    role: effective,
    via: ceiling ? 'bearer' : 'cookie',
    sessionId: ceiling ? null : (options.sessionId ?? randomUUID()),
    tokenId: ceiling ? randomUUID() : null,
    expiresAt: null,
  };
}

/** Awaits a promise that must fail with a DomainError of this code; returns the error. */
export async function domainError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/** A PostgreSQL unique violation, as pg throws it. */
export const uniqueViolation = () => Object.assign(new Error('duplicate key'), { code: '23505' });

/** Records what would have gone to sockets. */
export class FakeRealtime implements Pick<RealtimeGateway, 'toUser' | 'toThread'> {
  readonly sent: Array<{ to: string; type: string; payload: unknown }> = [];

  toUser(userId: string, type: string, payload: unknown): void {
    this.sent.push({ to: `user:${userId}`, type, payload });
  }

  toThread(threadId: string, type: string, payload: unknown): void {
    this.sent.push({ to: `thread:${threadId}`, type, payload });
  }
}
