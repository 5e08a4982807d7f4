import { fail, type RequestEvent } from '@sveltejs/kit';
import type { BriefroomApi } from '$lib/api/client';
import { ApiError } from '$lib/api/client';
import type { AtomFeed, NewAtomFeed } from '$lib/api/types';
import { failFromApi } from '$lib/server/action-failure';
import { requireUser } from '$lib/server/access';
import { textField } from '$lib/server/form-data';

export interface AtomFeedsState {
  /** Null when the API could not answer. */
  feeds: AtomFeed[] | null;
  /** The series the caller can read, to choose from. */
  series: string[];
}

/** The caller's secret feed addresses (never the addresses themselves) and the series to offer. */
export async function loadAtomFeeds(api: BriefroomApi): Promise<AtomFeedsState> {
  const [feeds, series] = await Promise.all([
    api.listAtomFeeds().catch(nullOnRefusal),
    api
      .briefingFilters()
      .then((filters) => filters.series)
      .catch(nullOnRefusal),
  ]);
  return { feeds, series: series ?? [] };
}

function nullOnRefusal(cause: unknown): null {
  if (!(cause instanceof ApiError)) throw cause;
  return null;
}

/** The form's choice: `decisions`, or `series:<name>`. */
export function chosenFeed(form: FormData): NewAtomFeed | null {
  const subject = textField(form, 'subject');
  if (subject === 'decisions') return { kind: 'decisions' };
  if (subject.startsWith('series:') && subject.length > 'series:'.length)
    return { kind: 'series', series: subject.slice('series:'.length) };
  return null;
}

export const atomFeedActions = {
  /** A new secret address, shown once; making the same feed again turns its old address off. */
  createAtomFeed: async (event: RequestEvent) => {
    requireUser(event);
    const feed = chosenFeed(await event.request.formData());
    const values = { form: 'atomFeed' as const };
    if (!feed) return fail(400, { ...values, message: 'Choose a series or decisions.' });
    try {
      const created = await event.locals.api.createAtomFeed(feed);
      return {
        ...values,
        feedUrl: new URL(created.url, event.url.origin).href,
        feedId: created.feed.id,
      };
    } catch (cause) {
      return failFromApi(cause, values);
    }
  },

  revokeAtomFeed: async (event: RequestEvent) => {
    requireUser(event);
    const id = textField(await event.request.formData(), 'id');
    const values = { form: 'atomFeed' as const };
    if (!id) return fail(400, { ...values, message: 'Choose a feed to turn off.' });
    try {
      await event.locals.api.revokeAtomFeed(id);
    } catch (cause) {
      return failFromApi(cause, values);
    }
    return { ...values, success: 'Feed turned off: its address no longer works.' };
  },
};
