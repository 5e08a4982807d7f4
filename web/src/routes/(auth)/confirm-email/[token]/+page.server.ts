import { failFromApi } from '$lib/server/action-failure';
import type { Actions } from './$types';

// Confirming takes a button press (POST): mail scanners that open links must not confirm.
export const actions: Actions = {
  default: async ({ locals, params }) => {
    try {
      const user = await locals.api.confirmEmailChange(params.token);
      return { email: user.email };
    } catch (cause) {
      return failFromApi(cause, {});
    }
  },
};
