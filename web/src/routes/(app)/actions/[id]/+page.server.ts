import { error, fail, redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/api/client';
import {
  actionFormProblem,
  actionPatchOf,
  actionValuesOf,
  readActionForm,
} from '$lib/actions/action-form';
import { ACTION_STATUSES, type ActionStatus } from '$lib/api/types';
import { followUpNotice } from '$lib/actions/notices';
import { canEditAction } from '$lib/actions/permissions';
import { resolveOwner, resolveWatchers } from '$lib/actions/sources';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const NOT_FOUND = 'This action item does not exist.';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { api } = event.locals;
  const action = await api.getAction(event.params.id).catch((cause: unknown) => {
    // A malformed id is a 400 from the API; to a reader it is the same missing page.
    if (cause instanceof ApiError && cause.status === 400) error(404, { message: NOT_FOUND });
    return errorPageFromApi(cause, { 404: NOT_FOUND });
  });
  const canEdit = canEditAction(user, action);
  const people = canEdit ? await optional(api.mentionable('')) : null;
  return {
    action,
    values: actionValuesOf(action),
    canEdit,
    watching: action.watchers.some((watcher) => watcher.id === user.id),
    people: people?.value ?? [],
    notice: followUpNotice(event.url),
    now: Date.now(),
  };
};

function here(event: RequestEvent, notice: string): string {
  return `/actions/${encodeURIComponent(event.params.id)}?notice=${notice}`;
}

export const actions: Actions = {
  edit: async (event) => {
    requireUser(event);
    const values = readActionForm(await event.request.formData());
    const problem = actionFormProblem(values);
    if (problem) return fail(400, { form: 'edit' as const, values, message: problem });

    const { api } = event.locals;
    let changed: boolean;
    try {
      const current = await api.getAction(event.params.id);
      const owner = await resolveOwner(api, values.owner);
      if (owner.problem) {
        return fail(400, { form: 'edit' as const, values, message: owner.problem });
      }
      const watchers = await resolveWatchers(api, values.watchers, current.watchers);
      if (watchers.problem) {
        return fail(400, { form: 'edit' as const, values, message: watchers.problem });
      }
      const patch = actionPatchOf(values, owner.ownerId, current, watchers.watcherIds);
      changed = Object.keys(patch).length > 0;
      if (changed) await api.updateAction(event.params.id, patch);
    } catch (cause) {
      return failFromApi(cause, { form: 'edit' as const, values });
    }
    redirect(303, here(event, changed ? 'saved' : 'unchanged'));
  },

  status: async (event) => {
    requireUser(event);
    const status = textField(await event.request.formData(), 'status');
    if (!(ACTION_STATUSES as readonly string[]).includes(status)) {
      return fail(400, { form: 'status' as const, message: 'Choose a status.' });
    }
    try {
      await event.locals.api.updateAction(event.params.id, { status: status as ActionStatus });
    } catch (cause) {
      return failFromApi(cause, { form: 'status' as const });
    }
    redirect(303, here(event, 'moved'));
  },

  // Any reader watches or stops watching for themselves, whoever owns the action.
  watch: (event) => setWatching(event, true),
  unwatch: (event) => setWatching(event, false),
};

async function setWatching(event: RequestEvent, on: boolean) {
  requireUser(event);
  try {
    await event.locals.api.watchAction(event.params.id, on);
  } catch (cause) {
    return failFromApi(cause, { form: 'watch' as const });
  }
  redirect(303, here(event, on ? 'watching' : 'unwatched'));
}
