import type { Role } from '../../../src/users/user.entity.js';
import { AuthService } from '../../../src/auth/auth.service.js';
import { PasswordHasher } from '../../../src/auth/password-hasher.js';
import { UsersRepository } from '../../../src/users/users.repository.js';
import { PASSWORD } from '../../support/factories.js';
import type { TestApp } from '../../support/test-app.js';
import { apiExpect } from './api-request.js';

/** The person behind a live credential, with a session of their own to prepare what they own. */
export interface Owner {
  id: string;
  email: string;
  role: Role;
  session: string;
}

/** Someone calling the API, the way the matrix sees them. */
export interface Principal {
  name: string;
  /** The role the API must act with (a token's ceiling applied); null without a live credential. */
  role: Role | null;
  /** False for anonymous and for credentials that have ended: every non-public route says 401. */
  live: boolean;
  /** May read the briefing restricted to the Board group (member of it, or acting as admin). */
  readsRestricted: boolean;
  /** The bearer secret sent; none for anonymous. */
  secret?: string;
  owner?: Owner;
  /** A fresh principal like this one, for the routes that end the caller's own credential. */
  twin?: () => Promise<Principal>;
}

export interface EnlistedPrincipals {
  principals: Principal[];
  /** The insiders who own the matrix's fixtures (comments, actions, decisions). */
  member: Owner;
  editor: Owner;
  admin: Owner;
  outsiderMember: Owner;
}

const hashes = new WeakMap<TestApp, Promise<string>>();

/**
 * A stored, signed-in person of a role, made through the app's own services like the shared
 * factory's users, but with one password hash for all: argon2 per person would cost the matrix
 * minutes on a busy machine, and the hash is the same work whoever it is for.
 */
export async function createOwner(app: TestApp, role: Role, email: string): Promise<Owner> {
  if (!hashes.has(app)) hashes.set(app, app.server.app.get(PasswordHasher).hash(PASSWORD));
  const user = await app.server.app.get(UsersRepository).create({
    email,
    displayName: email.split('@')[0],
    role,
    passwordHash: await hashes.get(app)!,
  });
  const session = await app.server.app
    .get(AuthService)
    .startSession(user, { userAgent: 'authorization matrix', ip: '127.0.0.1' });
  return { id: user.id, email, role, session: session.token };
}

/** A second session of the same person: principals that end theirs leave the owner's intact. */
async function login(app: TestApp, owner: Owner): Promise<string> {
  const session = await apiExpect<{ token: string }>(app.baseUrl, {
    method: 'POST',
    path: '/api/auth/login',
    body: { email: owner.email, password: PASSWORD },
  });
  return session.token;
}

async function apiToken(
  app: TestApp,
  owner: Owner,
  ceiling: Role,
): Promise<{ id: string; secret: string }> {
  const created = await apiExpect<{ token: { id: string }; secret: string }>(app.baseUrl, {
    method: 'POST',
    path: '/api/auth/tokens',
    secret: owner.session,
    body: { name: `matrix ${ceiling}`, role: ceiling },
  });
  return { id: created.token.id, secret: created.secret };
}

let people = 0;
const nextEmail = (label: string) => `${label}-${(people += 1)}@matrix.example.com`;

/**
 * Every kind of caller the matrix tries: anonymous, each role's session, API tokens with and
 * without a lower ceiling, credentials that have ended, and people outside the restricting group.
 * Insiders are put in `groupId` before any credential is ended, so an ended credential that still
 * worked would show restricted content, not merely team content.
 */
export async function enlistPrincipals(
  app: TestApp,
  operator: Owner,
  groupId: string,
): Promise<EnlistedPrincipals> {
  const sessionTwin = (role: Role, name: string) => async (): Promise<Principal> => {
    const twin = await createOwner(app, role, nextEmail(`twin-${role}`));
    return { name, role, live: true, readsRestricted: false, secret: twin.session, owner: twin };
  };
  const tokenTwin = (ownerRole: Role, ceiling: Role, name: string) => async () => {
    const twin = await createOwner(app, ownerRole, nextEmail(`twin-${ownerRole}`));
    const token = await apiToken(app, twin, ceiling);
    return { name, role: ceiling, live: true, readsRestricted: false, secret: token.secret };
  };

  const viewer = await createOwner(app, 'viewer', nextEmail('viewer'));
  const member = await createOwner(app, 'member', nextEmail('member'));
  const editor = await createOwner(app, 'editor', nextEmail('editor'));
  const admin = await createOwner(app, 'admin', nextEmail('admin'));
  const outsiderMember = await createOwner(app, 'member', nextEmail('outsider-member'));
  const outsiderEditor = await createOwner(app, 'editor', nextEmail('outsider-editor'));
  const deactivated = await createOwner(app, 'member', nextEmail('deactivated'));
  const loggedOut = await createOwner(app, 'editor', nextEmail('logged-out'));
  const revokedOwner = await createOwner(app, 'editor', nextEmail('revoked-owner'));
  const rekeyed = await createOwner(app, 'member', nextEmail('rekeyed'));

  await apiExpect(app.baseUrl, {
    method: 'PUT',
    path: `/api/admin/groups/${groupId}/members`,
    secret: operator.session,
    body: {
      userIds: [viewer, member, editor, deactivated, loggedOut, revokedOwner, rekeyed].map(
        (insider) => insider.id,
      ),
    },
  });

  const adminFull = await apiToken(app, admin, 'admin');
  const adminMember = await apiToken(app, admin, 'member');
  const editorViewer = await apiToken(app, editor, 'viewer');

  const deactivatedSession = await login(app, deactivated);
  await apiExpect(app.baseUrl, {
    method: 'PATCH',
    path: `/api/admin/users/${deactivated.id}`,
    secret: operator.session,
    body: { active: false },
  });
  const loggedOutSession = await login(app, loggedOut);
  await apiExpect(app.baseUrl, {
    method: 'POST',
    path: '/api/auth/logout',
    secret: loggedOutSession,
  });
  const revoked = await apiToken(app, revokedOwner, 'editor');
  await apiExpect(app.baseUrl, {
    method: 'DELETE',
    path: `/api/auth/tokens/${revoked.id}`,
    secret: revokedOwner.session,
  });
  const rekeyedToken = await apiToken(app, rekeyed, 'member');
  await apiExpect(app.baseUrl, {
    method: 'POST',
    path: '/api/auth/password',
    secret: rekeyed.session,
    body: { currentPassword: PASSWORD, newPassword: 'a-new-long-password-for-matrix' },
  });

  const session = (name: string, owner: Owner, readsRestricted: boolean): Principal => ({
    name,
    role: owner.role,
    live: true,
    readsRestricted,
    secret: owner.session,
    owner,
    twin: sessionTwin(owner.role, name),
  });
  const ended = (name: string, secret: string): Principal => ({
    name,
    role: null,
    live: false,
    readsRestricted: false,
    secret,
  });

  const principals: Principal[] = [
    { name: 'anonymous', role: null, live: false, readsRestricted: false },
    session('viewer session', viewer, true),
    session('member session', member, true),
    session('editor session', editor, true),
    session('admin session (not in the group)', admin, true),
    {
      name: "admin's admin-ceiling token",
      role: 'admin',
      live: true,
      readsRestricted: true,
      secret: adminFull.secret,
      owner: admin,
      twin: tokenTwin('admin', 'admin', "admin's admin-ceiling token"),
    },
    {
      name: "admin's member-ceiling token",
      role: 'member',
      live: true,
      readsRestricted: false,
      secret: adminMember.secret,
      owner: admin,
      twin: tokenTwin('admin', 'member', "admin's member-ceiling token"),
    },
    {
      name: "editor's viewer-ceiling token",
      role: 'viewer',
      live: true,
      readsRestricted: true,
      secret: editorViewer.secret,
      owner: editor,
      twin: tokenTwin('editor', 'viewer', "editor's viewer-ceiling token"),
    },
    session('outsider member session', outsiderMember, false),
    session('outsider editor session', outsiderEditor, false),
    ended("deactivated member's old session", deactivatedSession),
    ended('logged-out editor session', loggedOutSession),
    ended('revoked editor token', revoked.secret),
    ended('member token after a password change', rekeyedToken.secret),
  ];
  return { principals, member, editor, admin, outsiderMember };
}
