// Shapes of the accounts and sign-in API, as documented in docs/api-auth.md.
import type { Role } from '$lib/roles';

/** Timestamps arrive as ISO 8601 strings. */
export type IsoDateTime = string;

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: IsoDateTime;
}

export interface SetupStatus {
  needsSetup: boolean;
}

/** What login, signup and invite acceptance return: the user and a session token for the cookie. */
export interface SessionGrant {
  user: User;
  token: string;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface SignupInput extends Credentials {
  displayName: string;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: IsoDateTime;
  lastUsedAt: IsoDateTime | null;
  expiresAt: IsoDateTime | null;
}

export interface ApiTokenInput {
  name: string;
  role?: Role;
  expiresInDays?: number;
}

/** A newly created personal API token; `secret` is shown once and never again. */
export interface CreatedApiToken {
  token: ApiToken;
  secret: string;
}

/** What anyone holding an invite link may see about it. */
export interface InvitePreview {
  email: string;
  role: Role;
  expiresAt: IsoDateTime;
}

export interface InviteAcceptance {
  displayName: string;
  password: string;
}

export interface Invite {
  id: string;
  email: string;
  role: Role;
  createdAt: IsoDateTime;
  expiresAt: IsoDateTime;
  acceptedAt: IsoDateTime | null;
}

export interface InviteInput {
  email: string;
  role: Role;
}

/** A newly created invite; `url` is the one-time path `/invite/<token>`, relative to the app. */
export interface CreatedInvite {
  invite: Invite;
  url: string;
}

export interface UserPatch {
  role?: Role;
  active?: boolean;
}
