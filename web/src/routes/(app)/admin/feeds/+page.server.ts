import { fail } from '@sveltejs/kit';
import type { FeedPoll } from '$lib/api/types';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const feeds = await event.locals.api
    .listFeeds()
    .catch((cause: unknown) => errorPageFromApi(cause));
  return { feeds, now: Date.now() };
};

/** The feed a row's button names (its title or address, for the sentence), or empty when the form lost it. */
function chosen(form: FormData) {
  return { id: textField(form, 'id'), label: textField(form, 'label') || 'The feed' };
}

function pollSentence(label: string, poll: FeedPoll): string {
  if (poll.notModified) return `${label} has not changed since the last poll.`;
  const imported = poll.briefings.length;
  const made =
    imported === 0
      ? `No new entries in ${label}.`
      : `Imported ${imported} ${imported === 1 ? 'briefing' : 'briefings'} from ${label}.`;
  return poll.skipped === 0
    ? made
    : `${made} ${poll.skipped} new ${poll.skipped === 1 ? 'entry was' : 'entries were'} not a briefing: see the feed’s last problem.`;
}

export const actions: Actions = {
  create: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const values = {
      form: 'create' as const,
      url: textField(form, 'url'),
      series: textField(form, 'series'),
    };
    if (!values.url) return fail(400, { ...values, message: 'Give the address of the feed.' });
    try {
      const feed = await event.locals.api.createFeed({
        url: values.url,
        ...(values.series ? { series: values.series } : {}),
      });
      return {
        form: 'create' as const,
        success: `Subscribed to ${feed.url}. Its entries arrive at the next poll, or now with Poll now.`,
      };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  poll: async (event) => {
    requireAdmin(event);
    const { id, label } = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose a feed.' });
    try {
      return { ...values, success: pollSentence(label, await event.locals.api.pollFeed(id)) };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  pause: async (event) => {
    requireAdmin(event);
    const { id, label } = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose a feed.' });
    try {
      await event.locals.api.updateFeed(id, { paused: true });
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return { ...values, success: `${label} is paused: it is not polled until you resume it.` };
  },

  resume: async (event) => {
    requireAdmin(event);
    const { id, label } = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose a feed.' });
    try {
      await event.locals.api.updateFeed(id, { paused: false });
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return { ...values, success: `${label} is resumed: it is polled at the next pass.` };
  },

  delete: async (event) => {
    requireAdmin(event);
    const { id, label } = chosen(await event.request.formData());
    const values = { form: 'list' as const };
    if (!id) return fail(400, { ...values, message: 'Choose a feed.' });
    try {
      await event.locals.api.deleteFeed(id);
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return {
      ...values,
      success: `Unsubscribed from ${label}. The briefings it brought stay.`,
    };
  },
};
