import type { Role } from '../users/user.entity.js';

/** How an invitation e-mail names each role. */
export const ROLE_NAMES: Record<Role, string> = {
  viewer: 'a viewer',
  member: 'a member',
  editor: 'an editor',
  admin: 'an admin',
};
