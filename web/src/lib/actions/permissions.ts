// What the pages offer to whom, mirroring the API's rules so nothing is shown that it would refuse.
import type { User } from '$lib/api/types';
import { hasRoleAtLeast } from '$lib/roles';
import type { ActionItem, Decision } from '$lib/api/types';

type Viewer = Pick<User, 'id' | 'role'>;

/** Members and above create actions and propose decisions. */
export function canCreate(viewer: Viewer): boolean {
  return hasRoleAtLeast(viewer.role, 'member');
}

/** Editors change any action; members the ones they own or created; viewers none. */
export function canEditAction(
  viewer: Viewer,
  action: Pick<ActionItem, 'owner' | 'createdBy'>,
): boolean {
  if (hasRoleAtLeast(viewer.role, 'editor')) return true;
  return (
    hasRoleAtLeast(viewer.role, 'member') &&
    (action.owner?.id === viewer.id || action.createdBy === viewer.id)
  );
}

/** Editors accept, reject and supersede decisions. */
export function canDecide(viewer: Viewer): boolean {
  return hasRoleAtLeast(viewer.role, 'editor');
}

/** Editors edit any decision's text; members only their own proposals. */
export function canEditDecision(viewer: Viewer, decision: Pick<Decision, 'createdBy'>): boolean {
  if (hasRoleAtLeast(viewer.role, 'editor')) return true;
  return hasRoleAtLeast(viewer.role, 'member') && decision.createdBy === viewer.id;
}
