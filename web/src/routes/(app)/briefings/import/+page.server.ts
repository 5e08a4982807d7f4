import { fail, redirect } from '@sveltejs/kit';
import type { ImportOutcome } from '$lib/api/types';
import type { NoticeCode } from '$lib/notices';
import { requireEditor } from '$lib/server/access';
import { ApiError } from '$lib/api/client';
import { audienceProblem } from '$lib/server/briefing-form';
import { optional } from '$lib/server/load-failure';
import { readImportForm, readUrlImportForm, type ImportValues } from './import-form';
import { importProblemFrom, urlImportProblemFrom } from './import-problem';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireEditor(event);
  const replaceId = event.url.searchParams.get('replace')?.trim() || null;
  const [groups, replacing] = await Promise.all([
    optional(event.locals.api.listGroups()),
    replaceId ? optional(event.locals.api.getBriefing(replaceId)) : null,
  ]);
  const existing = replacing?.value ?? null;

  return {
    groups: groups.value,
    groupsProblem: groups.problem,
    replacing: existing && {
      id: existing.id,
      slug: existing.slug,
      title: existing.title,
      publishedOn: existing.publishedOn,
    },
    replaceProblem: replacing?.problem ?? null,
    // A re-import keeps the audience the briefing already has unless the editor changes it.
    defaults: {
      visibility: existing?.visibility ?? 'team',
      groupIds: existing?.groups.map((group) => group.id) ?? [],
    },
  };
};

export const actions: Actions = {
  preview: async (event) => {
    requireEditor(event);
    const reading = await readImportForm(event.request);
    if (!reading.ok) {
      return fail(reading.status, {
        step: 'preview' as const,
        values: reading.values,
        problem: reading.problem,
      });
    }
    try {
      const preview = await event.locals.api.previewBriefing(reading.document);
      return { step: 'preview' as const, values: reading.values, preview };
    } catch (cause) {
      return importFailure('preview', cause, reading.values);
    }
  },

  save: async (event) => {
    requireEditor(event);
    const reading = await readImportForm(event.request);
    if (!reading.ok) {
      return fail(reading.status, {
        step: 'save' as const,
        values: reading.values,
        problem: reading.problem,
      });
    }
    const { values } = reading;
    const problem = audienceProblem(values);
    if (problem) {
      return fail(400, {
        step: 'save' as const,
        values,
        problem: { message: problem, detail: null },
      });
    }

    let outcome: ImportOutcome;
    try {
      outcome = await event.locals.api.importBriefing({
        ...reading.document,
        visibility: values.visibility,
        ...(values.visibility === 'restricted' ? { groupIds: values.groupIds } : {}),
      });
    } catch (cause) {
      return importFailure('save', cause, values);
    }
    redirect(303, destinationOf(outcome));
  },

  /** The second way in: the API fetches the page at an address and imports it. */
  importUrl: async (event) => {
    requireEditor(event);
    const reading = await readUrlImportForm(event.request);
    if (!reading.ok) {
      return fail(reading.status, {
        step: 'url' as const,
        values: reading.values,
        urlProblem: reading.problem,
      });
    }
    const { values } = reading;
    const problem = audienceProblem(values);
    if (problem) {
      return fail(400, {
        step: 'url' as const,
        values,
        urlProblem: { message: problem, detail: null },
      });
    }

    let outcome: ImportOutcome;
    try {
      outcome = await event.locals.api.importBriefingFromUrl({
        ...reading.input,
        visibility: values.visibility,
        ...(values.visibility === 'restricted' ? { groupIds: values.groupIds } : {}),
      });
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      return fail(failureStatus(cause), {
        step: 'url' as const,
        values,
        urlProblem: urlImportProblemFrom(cause),
      });
    }
    redirect(303, destinationOf(outcome));
  },
};

function importFailure(step: 'preview' | 'save', cause: unknown, values: ImportValues) {
  if (!(cause instanceof ApiError)) throw cause;
  const status = failureStatus(cause);
  // A document the API found too large is not sent back into the page.
  const kept = status === 413 ? { ...values, content: '' } : values;
  return fail(status, { step, values: kept, problem: importProblemFrom(cause) });
}

function failureStatus(cause: ApiError): number {
  return cause.status >= 400 && cause.status < 600 ? cause.status : 502;
}

function destinationOf({ outcome, briefings }: ImportOutcome): string {
  const [only] = briefings;
  if (briefings.length !== 1 || !only)
    return `/briefings?notice=${'imported-several' satisfies NoticeCode}`;
  const notice: NoticeCode = outcome === 'created' ? 'imported' : 'updated';
  return `/briefings/${encodeURIComponent(only.slug)}?notice=${notice}`;
}
