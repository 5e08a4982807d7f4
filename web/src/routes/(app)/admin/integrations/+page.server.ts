import { fail } from '@sveltejs/kit';
import type { Visibility } from '$lib/api/types';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { audienceProblem } from '$lib/server/briefing-form';
import { textField, textList } from '$lib/server/form-data';
import { errorPageFromApi, optional } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const [integrations, groups] = await Promise.all([
    event.locals.api.listIntegrations().catch((cause: unknown) => errorPageFromApi(cause)),
    optional(event.locals.api.listGroups()),
  ]);
  return {
    integrations,
    groups: groups.value && [...groups.value].sort((a, b) => a.name.localeCompare(b.name)),
    groupsProblem: groups.problem,
    now: Date.now(),
  };
};

/** The integration a row's button names, or a 400 when the form lost it. */
function chosen(form: FormData) {
  return { id: textField(form, 'id'), name: textField(form, 'name') };
}

export const actions: Actions = {
  create: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const visibility: Visibility =
      textField(form, 'visibility') === 'restricted' ? 'restricted' : 'team';
    const values = {
      form: 'create' as const,
      name: textField(form, 'name'),
      series: textField(form, 'series'),
      visibility,
      groupIds: visibility === 'restricted' ? textList(form, 'groupIds') : [],
    };
    if (!values.name || !values.series) {
      return fail(400, { ...values, message: 'Give the integration a name and a series.' });
    }
    const audience = audienceProblem(values);
    if (audience) return fail(400, { ...values, message: audience });
    try {
      const { form: _form, ...input } = values;
      const created = await event.locals.api.createIntegration(input);
      return {
        form: 'create' as const,
        revealed: {
          name: created.integration.name,
          emailAddress: created.emailAddress,
          webhookUrl: created.integration.webhookUrl,
          webhookSecret: created.webhookSecret,
        },
      };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  rotateSecret: async (event) => {
    requireAdmin(event);
    const { id, name } = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose an integration.' });
    try {
      const rotated = await event.locals.api.rotateIntegrationSecret(id);
      return {
        ...values,
        revealed: {
          name: rotated.integration.name,
          webhookUrl: rotated.integration.webhookUrl,
          webhookSecret: rotated.webhookSecret,
        },
      };
    } catch (cause) {
      return failFromApi(cause, { ...values, name });
    }
  },

  rotateAddress: async (event) => {
    requireAdmin(event);
    const { id, name } = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose an integration.' });
    try {
      const rotated = await event.locals.api.rotateIntegrationAddress(id);
      return {
        ...values,
        revealed: { name: rotated.integration.name, emailAddress: rotated.emailAddress },
      };
    } catch (cause) {
      return failFromApi(cause, { ...values, name });
    }
  },

  revoke: async (event) => {
    requireAdmin(event);
    const { id, name } = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose an integration.' });
    try {
      await event.locals.api.revokeIntegration(id);
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return {
      ...values,
      success: `${name || 'The integration'} is revoked: its address and webhook stop working now.`,
    };
  },
};
