import { error, fail, redirect } from '@sveltejs/kit';
import {
  actionFormProblem,
  emptyActionValues,
  newActionOf,
  readActionForm,
} from '$lib/actions/action-form';
import {
  linkParam,
  linksFromParams,
  markdownQuote,
  titleFromQuote,
} from '$lib/actions/source-links';
import { canCreate } from '$lib/actions/permissions';
import { describeLinks, resolveOwner, resolveWatchers } from '$lib/actions/sources';
import { requireUser } from '$lib/server/access';
import { failFromApi } from '$lib/server/action-failure';
import { optional } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

const VIEWERS_CANNOT =
  'Viewers follow actions but cannot create them. Ask an admin for the member role.';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!canCreate(user)) error(403, { message: VIEWERS_CANNOT });
  const { api } = event.locals;
  const { searchParams } = event.url;
  const links = linksFromParams(searchParams);
  const [sources, people] = await Promise.all([
    describeLinks(api, links),
    optional(api.mentionable('')),
  ]);
  return {
    values: emptyActionValues({
      // One click from a comment: its first sentence as the title, the comment quoted below.
      title: titleFromQuote(searchParams.get('quote')),
      description: markdownQuote(searchParams.get('quote') ?? ''),
      // Empty means nobody yet, as the field's hint says; whoever creates it picks an owner.
      owner: '',
      links: sources.filter((source) => source.title !== null).map(linkParam),
    }),
    sources,
    people: people.value ?? [],
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const values = readActionForm(await event.request.formData());
    const problem = actionFormProblem(values);
    if (problem) return fail(400, { values, message: problem });

    let actionId: string;
    try {
      const owner = await resolveOwner(event.locals.api, values.owner);
      if (owner.problem) return fail(400, { values, message: owner.problem });
      const watchers = await resolveWatchers(event.locals.api, values.watchers);
      if (watchers.watcherIds === null) return fail(400, { values, message: watchers.problem });
      const created = await event.locals.api.createAction(
        newActionOf(values, owner.ownerId, watchers.watcherIds),
      );
      actionId = created.id;
    } catch (cause) {
      return failFromApi(cause, { values });
    }
    redirect(303, `/actions/${encodeURIComponent(actionId)}?notice=created`);
  },
};
