import { fail } from '@sveltejs/kit';
import {
  parseSynonymRows,
  rowErrorsFromDetails,
  rowsOf,
  type SynonymDraft,
} from '$lib/admin/synonym-form';
import { ApiError } from '$lib/api/client';
import { failFromApi } from '$lib/server/action-failure';
import { requireAdmin } from '$lib/server/access';
import { textField } from '$lib/server/form-data';
import { errorPageFromApi } from '$lib/server/load-failure';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const synonyms = await event.locals.api
    .getSynonyms()
    .catch((cause: unknown) => errorPageFromApi(cause));
  return { synonyms };
};

export const actions: Actions = {
  save: async (event) => {
    requireAdmin(event);
    const draft = parseSynonymRows(rowsOf(await event.request.formData()));
    const invalid = Object.keys(draft.rowErrors).length;
    if (draft.problem || invalid > 0) {
      return fail(400, {
        rows: draft.rows,
        rowErrors: draft.rowErrors,
        message:
          draft.problem ??
          (invalid === 1
            ? 'One group needs fixing before the list can be saved: see the marked row.'
            : `${invalid} groups need fixing before the list can be saved: see the marked rows.`),
      });
    }

    try {
      const saved = await event.locals.api.replaceSynonyms(draft.groups);
      return { success: savedSentence(saved.length) };
    } catch (cause) {
      // Stored first, applied second: the list is kept, search just has not picked it up yet.
      if (cause instanceof ApiError && cause.code === 'SEARCH_UNAVAILABLE') {
        return {
          warning:
            'The synonyms are saved, but search is unavailable right now, so searches do not use ' +
            'them yet. Save again once search is back to apply them (Briefroom also applies them ' +
            'when it next starts).',
        };
      }
      return failFromApi(cause, rejected(draft, cause));
    }
  },

  // Without JavaScript, adding and removing rows goes through the server; nothing is saved.
  addRow: async (event) => {
    requireAdmin(event);
    const rows = rowsOf(await event.request.formData());
    return { rows: [...rows, ''], draft: true };
  },

  removeRow: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const index = Number(textField(form, 'remove'));
    const rows = rowsOf(form).filter((_, at) => at !== index);
    return { rows, draft: true };
  },
};

function savedSentence(count: number): string {
  if (count === 0)
    return 'Saved: there are no synonym groups now, so searches match only what is typed.';
  return `Saved ${count} synonym ${count === 1 ? 'group' : 'groups'}. Searches use them from now on.`;
}

/** The form as sent, with the API's per-row problems when it names rows. */
function rejected(draft: SynonymDraft, cause: unknown) {
  return {
    rows: draft.rows,
    rowErrors: cause instanceof ApiError ? rowErrorsFromDetails(cause.details) : {},
  };
}
