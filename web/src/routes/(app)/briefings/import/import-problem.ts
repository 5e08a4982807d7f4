// Why a document could not be previewed or imported, in words an editor can act on.
import type { UnparseableBriefingDetails } from '$lib/api/types';
import type { ApiError } from '$lib/api/client';

export interface ImportProblem {
  message: string;
  detail: string | null;
}

/** The canonical names the API uses in `details.missing`, as a reader would say them. */
const MISSING_PART_NAMES: Record<string, string> = {
  title: 'a title',
  publishedOn: 'a date',
  date: 'a date',
  sections: 'any sections',
};

export const DOCUMENT_TOO_LARGE: ImportProblem = {
  message: 'The document is larger than 2 MB.',
  detail: 'Import it in parts, or remove embedded images and styles, and try again.',
};

/** The page server's own body limit (adapter-node BODY_SIZE_LIMIT) stopped the upload, maybe below 2 MB. */
export const UPLOAD_OVER_SERVER_LIMIT: ImportProblem = {
  message: 'The upload is larger than this server accepts.',
  detail:
    'Briefings can be up to 2 MB. If this one is smaller, the server’s upload limit (BODY_SIZE_LIMIT) is set too low: tell an admin.',
};

export const UNSUPPORTED_DOCUMENT: ImportProblem = {
  message: 'This kind of document cannot be imported.',
  detail:
    'Use plain text, Markdown, HTML, JSON or an RSS/Atom feed: a .txt, .md, .html, .htm, .json or .xml file.',
};

export function importProblemFrom(cause: ApiError): ImportProblem {
  switch (cause.status) {
    case 413:
      return DOCUMENT_TOO_LARGE;
    case 415:
      return { ...UNSUPPORTED_DOCUMENT, detail: `${cause.message} ${UNSUPPORTED_DOCUMENT.detail}` };
    case 422: {
      const missing = missingPartsOf(cause.details);
      if (missing.length === 0) {
        return {
          message: cause.message,
          detail: 'A briefing needs a title line, a date and at least one section.',
        };
      }
      const names = missing.map((part) => MISSING_PART_NAMES[part] ?? part);
      return { message: `We couldn’t find: ${names.join(', ')}.`, detail: cause.message };
    }
    default:
      return { message: cause.message, detail: null };
  }
}

/** `details.missing` of a 422, checked: the details are whatever the API sent. */
function missingPartsOf(details: unknown): UnparseableBriefingDetails['missing'] {
  if (typeof details !== 'object' || details === null || !('missing' in details)) return [];
  const { missing } = details;
  return Array.isArray(missing) ? missing.filter((part) => typeof part === 'string') : [];
}

const PRIVATE_ADDRESS: ImportProblem = {
  message:
    'That address is on a private network; Briefroom only fetches public pages (an admin can allow internal hosts with OUTBOUND_ALLOWLIST).',
  detail: null,
};

/** What went wrong fetching the page, by the API's `details.reason` (see api/src/outbound). */
const FETCH_FAILURES: Record<string, string> = {
  timeout: 'The page took too long to answer.',
  too_many_redirects: 'The address redirects too many times.',
  unreachable: 'Briefroom could not reach that address.',
  http_status: 'The page could not be fetched.',
  bad_encoding: 'The page’s answer could not be read.',
};

/** Why a page could not be imported from its address; the API's own sentence goes in the detail. */
export function urlImportProblemFrom(cause: ApiError): ImportProblem {
  switch (cause.code) {
    case 'URL_NOT_ALLOWED':
      // The same code refuses other schemes and credentials: only an address says "private".
      return /loopback|private|link-local|metadata/i.test(cause.message)
        ? { ...PRIVATE_ADDRESS, detail: cause.message }
        : { message: 'Briefroom does not fetch that address.', detail: cause.message };
    case 'URL_FETCH_FAILED':
      return {
        message: FETCH_FAILURES[reasonOf(cause.details)] ?? 'The page could not be fetched.',
        detail: cause.message,
      };
    case 'PAYLOAD_TOO_LARGE':
      return { message: 'The page is larger than 2 MB.', detail: cause.message };
    case 'UNSUPPORTED_MEDIA_TYPE':
      return {
        message: 'That address does not serve a document Briefroom imports.',
        detail: `${cause.message} Import a web page, an RSS or Atom feed, or a Markdown, text or JSON document.`,
      };
    case 'UNPARSEABLE_BRIEFING':
      return importProblemFrom(cause);
    default:
      return { message: cause.message, detail: null };
  }
}

function reasonOf(details: unknown): string {
  return typeof details === 'object' && details !== null && 'reason' in details
    ? String(details.reason)
    : '';
}
