import { fail } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { searchParams } = event.url;
  const unreadOnly = searchParams.get('show') === 'unread';
  const cursor = searchParams.get('cursor')?.trim() || null;

  const page = await event.locals.api
    .listNotifications({ unreadOnly, cursor: cursor ?? undefined })
    .catch((cause: unknown) => errorPageFromApi(cause));

  return {
    notifications: page.notifications,
    unreadCount: page.unreadCount,
    nextCursor: page.nextCursor,
    unreadOnly,
    isFirstPage: cursor === null,
    now: Date.now(),
  };
};

export const actions: Actions = {
  readAll: async (event) => {
    requireUser(event);
    try {
      const unreadCount = await event.locals.api.markNotificationsRead({ all: true });
      return { form: 'read' as const, unreadCount };
    } catch (cause) {
      return failFromApi(cause, { form: 'read' as const });
    }
  },

  read: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const id = textField(form, 'id');
    if (!id) return fail(400, { form: 'read' as const, message: 'Choose a notification.' });
    try {
      const unreadCount = await event.locals.api.markNotificationsRead({ ids: [id] });
      return { form: 'read' as const, unreadCount };
    } catch (cause) {
      return failFromApi(cause, { form: 'read' as const });
    }
  },
};
