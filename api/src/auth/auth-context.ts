import type { Role } from '../users/user.entity.js';

export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  /** What @mentions of this user use. */
  handle: string;
  role: Role;
  createdAt: Date;
}

/** Who is calling and how; `role` is the effective role (a token's ceiling applied). */
export interface AuthContext {
  user: AuthUser;
  role: Role;
  via: 'cookie' | 'bearer';
  sessionId: string | null;
  tokenId: string | null;
  /** When the credential stops working (open sockets are cut then); null or absent: never. */
  expiresAt?: Date | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}

export const SESSION_COOKIE = 'briefroom_session';
export const API_TOKEN_PREFIX = 'brt_';
