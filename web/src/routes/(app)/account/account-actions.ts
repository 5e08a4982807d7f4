// The account page's e-mail change and session actions (the page's other actions are in +page.server.ts).
import { fail, type RequestEvent } from '@sveltejs/kit';
import { failFromApi } from '$lib/server/action-failure';
import { requireUser } from '$lib/server/access';
import { passwordField, textField } from '$lib/server/form-data';

export const accountActions = {
  changeEmail: async (event: RequestEvent) => {
    requireUser(event);
    const form = await event.request.formData();
    const email = textField(form, 'email');
    const password = passwordField(form, 'password');
    if (!email || !password)
      return fail(400, {
        form: 'email' as const,
        email,
        message: 'Enter the new address and your password.',
      });
    try {
      const { message } = await event.locals.api.requestEmailChange({ email, password });
      return { form: 'email' as const, email, success: `${message} Open it to confirm.` };
    } catch (cause) {
      return failFromApi(cause, { form: 'email' as const, email });
    }
  },

  endSession: async (event: RequestEvent) => {
    requireUser(event);
    const id = textField(await event.request.formData(), 'id');
    if (!id) return fail(400, { form: 'sessions' as const, message: 'Choose a session to end.' });
    try {
      await event.locals.api.endSession(id);
    } catch (cause) {
      return failFromApi(cause, { form: 'sessions' as const });
    }
    return { form: 'sessions' as const, success: 'That session is signed out.' };
  },

  endOtherSessions: async (event: RequestEvent) => {
    requireUser(event);
    try {
      const ended = await event.locals.api.endOtherSessions();
      return {
        form: 'sessions' as const,
        success:
          ended === 0
            ? 'No other session was signed in.'
            : `${ended} other session${ended === 1 ? '' : 's'} signed out.`,
      };
    } catch (cause) {
      return failFromApi(cause, { form: 'sessions' as const });
    }
  },
};
