import { fail, type RequestEvent } from '@sveltejs/kit';
import type { BriefroomApi } from '$lib/api/client';
import { ApiError } from '$lib/api/client';
import type { NotificationMailMode, NotificationPreference } from '$lib/api/types';
import { notificationMailKindValues, notificationMailModeValues } from '$lib/api/enums';
import { failFromApi } from '$lib/server/action-failure';
import { requireUser } from '$lib/server/access';
import { textField } from '$lib/server/form-data';

/** The caller's e-mail choices, or null when the API could not answer. */
export async function loadNotificationMail(
  api: BriefroomApi,
): Promise<NotificationPreference[] | null> {
  try {
    return await api.notificationPreferences();
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    return null;
  }
}

const isMode = (value: string): value is NotificationMailMode =>
  (notificationMailModeValues as readonly string[]).includes(value);

/** The form's choice per kind; kinds the form left out are left as they are. */
export function chosenPreferences(form: FormData): NotificationPreference[] {
  return notificationMailKindValues.flatMap((kind) => {
    const mode = textField(form, kind);
    return isMode(mode) ? [{ kind, mode }] : [];
  });
}

export const notificationMailActions = {
  notificationMail: async (event: RequestEvent) => {
    requireUser(event);
    const preferences = chosenPreferences(await event.request.formData());
    const values = { form: 'notificationMail' as const };
    if (!preferences.length)
      return fail(400, { ...values, message: 'Choose at least one setting.' });
    try {
      await event.locals.api.updateNotificationPreferences(preferences);
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return { ...values, success: 'E-mail settings saved.' };
  },
};
