import { AuthService } from '../../src/auth/auth.service.js';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import type { Role } from '../../src/users/user.entity.js';
import { UsersRepository } from '../../src/users/users.repository.js';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'correct-horse-battery-staple';

export interface TestUser {
  id: string;
  email: string;
  /** What @mentions of this user use (the first free one from the e-mail). */
  handle: string;
  role: Role;
  token: string;
}

let counter = 0;

/**
 * One argon2id hash per password per test process: hashing is most of the cost of making a user
 * (on purpose), and no test needs two users to have different salts. Sign-in still verifies it.
 */
const hashes = new Map<string, Promise<string>>();
function hashOnce(hasher: PasswordHasher, password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hasher.hash(password);
    hashes.set(password, hash);
  }
  return hash;
}

/** A user of the given role, stored and signed in through the app's own services. */
export async function createUser(
  app: TestApp,
  role: Role,
  overrides: { email?: string; password?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const email = overrides.email ?? `${role}${counter}@example.com`;
  const password = overrides.password ?? PASSWORD;
  const users = app.server.app.get(UsersRepository);
  const hasher = app.server.app.get(PasswordHasher);
  const user = await users.create({
    email,
    displayName: `${role} ${counter}`,
    role,
    passwordHash: await hashOnce(hasher, password),
  });
  const session = await app.server.app
    .get(AuthService)
    .startSession(user, { userAgent: 'jest', ip: '127.0.0.1' });
  return { id: user.id, email, handle: user.handle, role, token: session.token };
}

export const bearer = (user: TestUser | string) => ({
  Authorization: `Bearer ${typeof user === 'string' ? user : user.token}`,
});

/** The contract's error shape with a given status and code. */
export function expectError(
  response: { status: number; body: unknown },
  status: number,
  code: string,
): void {
  expect({
    status: response.status,
    code: (response.body as { error?: { code?: string } }).error?.code,
  }).toEqual({ status, code });
  expect(typeof (response.body as { error: { message: unknown } }).error.message).toBe('string');
}
