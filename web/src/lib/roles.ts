import { roleValues } from '$lib/api/enums';
import type { components } from '$lib/api/schema';

/** Roles from least to most privileged (the API's order); each includes every permission of the roles before it. */
export const ROLES = roleValues;

export type Role = components['schemas']['Role'];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  member: 'Member',
  editor: 'Editor',
  admin: 'Admin',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Reads briefings, discussions, actions and decisions',
  member: 'Also discusses and owns action items',
  editor: 'Also imports and edits briefings, manages all actions and decisions',
  admin: 'Also manages users and settings',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` carries every permission of `minimum`. */
export function hasRoleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** Editors and admins import, edit and delete briefings. */
export function canEditBriefings(role: Role): boolean {
  return hasRoleAtLeast(role, 'editor');
}

/** The roles a user holding `ceiling` may hand out, e.g. to a personal API token. */
export function rolesUpTo(ceiling: Role): Role[] {
  return ROLES.slice(0, ROLES.indexOf(ceiling) + 1);
}

/** Members and above take part in discussions: comment, react, open and settle threads. */
export function canDiscuss(role: Role): boolean {
  return hasRoleAtLeast(role, 'member');
}

/** Editors and admins may edit or delete anyone's comment; members only their own. */
export function canModerateComments(role: Role): boolean {
  return hasRoleAtLeast(role, 'editor');
}
