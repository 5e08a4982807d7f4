import { fail } from '@sveltejs/kit';
import { webhookEventValues, webhookFormatValues } from '$lib/api/enums';
import type { Group, NewWebhook, WebhookDelivery } from '$lib/api/types';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const [webhooks, groups] = await Promise.all([
    event.locals.api.listWebhooks(),
    event.locals.api.listGroups().catch((): Group[] => []),
  ]).catch((cause: unknown) => errorPageFromApi(cause));
  // ?hook=<id> opens that hook's delivery log
  const hook = event.url.searchParams.get('hook');
  const shown = hook && UUID.test(hook) ? webhooks.find((entry) => entry.id === hook) : undefined;
  let deliveries: WebhookDelivery[] | null = null;
  if (shown)
    deliveries = await event.locals.api
      .listWebhookDeliveries(shown.id)
      .catch((cause: unknown) => errorPageFromApi(cause));
  return { webhooks, groups, shownId: shown?.id ?? null, deliveries };
};

/** The hook a form's button names, or empty when the form lost it. */
const chosen = (form: FormData) => textField(form, 'id');

export const actions: Actions = {
  create: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const events = form
      .getAll('events')
      .filter((value): value is NewWebhook['events'][number] =>
        (webhookEventValues as readonly unknown[]).includes(value),
      );
    const format = textField(form, 'format');
    const groupId = textField(form, 'groupId');
    const values = {
      form: 'create' as const,
      url: textField(form, 'url'),
      description: textField(form, 'description'),
    };
    if (!values.url) return fail(400, { ...values, message: 'Give the address to post to.' });
    if (!events.length) return fail(400, { ...values, message: 'Choose at least one event.' });
    try {
      const created = await event.locals.api.createWebhook({
        url: values.url,
        events,
        format: (webhookFormatValues as readonly string[]).includes(format)
          ? (format as NewWebhook['format'])
          : 'json',
        ...(groupId ? { groupId } : {}),
        ...(values.description ? { description: values.description } : {}),
      });
      return {
        form: 'create' as const,
        success: `Created. Its signing secret is shown this once: keep it with the receiver.`,
        secret: created.secret,
      };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  toggle: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const id = chosen(form);
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose a webhook.' });
    try {
      const hook = await event.locals.api.updateWebhook(id, {
        active: textField(form, 'active') === 'true',
      });
      return { ...values, success: hook.active ? 'Deliveries resumed.' : 'Deliveries paused.' };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  remove: async (event) => {
    requireAdmin(event);
    const id = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose a webhook.' });
    try {
      await event.locals.api.deleteWebhook(id);
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return { ...values, success: 'Webhook deleted with its delivery log.' };
  },

  replay: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const id = chosen(form);
    const deliveryId = textField(form, 'deliveryId');
    const values = { form: 'deliveries' as const };
    if (!id || !deliveryId) return fail(400, { ...values, message: 'Choose a delivery.' });
    try {
      await event.locals.api.replayWebhookDelivery(id, deliveryId);
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return { ...values, success: 'Sent again: its result appears here in a moment.' };
  },
};
