import { error, fail, redirect } from '@sveltejs/kit';
import type { User } from '$lib/api/types';
import { noticeFrom } from '$lib/notices';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField, textList } from '$lib/server/form-data';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const { id } = event.params;
  const [groups, members, users] = await Promise.all([
    event.locals.api.listGroups(),
    event.locals.api.listGroupMembers(id),
    event.locals.api.listUsers(),
  ]).catch((cause: unknown) =>
    errorPageFromApi(cause, { 404: 'This group does not exist, or it was deleted.' }),
  );
  const group = groups.find((candidate) => candidate.id === id);
  if (!group) error(404, { message: 'This group does not exist, or it was deleted.' });

  return {
    group,
    people: everyone(users, members),
    memberIds: members.map((member) => member.id),
    confirmingDelete: event.url.searchParams.has('delete'),
    notice: noticeFrom(event.url),
  };
};

export const actions: Actions = {
  rename: async (event) => {
    requireAdmin(event);
    const name = textField(await event.request.formData(), 'name');
    if (!name)
      return fail(400, { form: 'rename' as const, name, message: 'Give the group a name.' });
    try {
      const group = await event.locals.api.renameGroup(event.params.id, name);
      return { form: 'rename' as const, success: `Renamed to “${group.name}”.` };
    } catch (cause) {
      return failFromApi(cause, { form: 'rename' as const, name });
    }
  },

  members: async (event) => {
    requireAdmin(event);
    const userIds = textList(await event.request.formData(), 'userIds');
    try {
      const members = await event.locals.api.setGroupMembers(event.params.id, userIds);
      const count = members.length;
      return {
        form: 'members' as const,
        success:
          count === 0
            ? 'The group now has no members.'
            : `Saved: ${count} ${count === 1 ? 'member' : 'members'}.`,
      };
    } catch (cause) {
      return failFromApi(cause, { form: 'members' as const });
    }
  },

  delete: async (event) => {
    requireAdmin(event);
    try {
      await event.locals.api.deleteGroup(event.params.id);
    } catch (cause) {
      return failFromApi(cause, { form: 'delete' as const });
    }
    redirect(303, '/admin/groups?notice=group-deleted');
  },
};

/**
 * Every account, by name, plus any member the user list lacks: the member form replaces the whole
 * list, so a person missing from it (say, deactivated) would otherwise be dropped on save.
 */
function everyone(users: User[], members: User[]): User[] {
  const byId = new Map(users.map((user) => [user.id, user]));
  for (const member of members) if (!byId.has(member.id)) byId.set(member.id, member);
  return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
