// Reading the import form (multipart: pasted text, an uploaded file or a web address) for the API.
import {
  SOURCE_FORMATS,
  type BriefingImport,
  type BriefingUrlImport,
  type SourceFormat,
} from '$lib/api/types';
import { readAudience, type AudienceValues } from '$lib/server/briefing-form';
import { fileField, textField } from '$lib/server/form-data';
import { hasAcceptedExtension, MAX_DOCUMENT_BYTES, MAX_URL_LENGTH } from './document-rules';
import {
  DOCUMENT_TOO_LARGE,
  UNSUPPORTED_DOCUMENT,
  UPLOAD_OVER_SERVER_LIMIT,
  type ImportProblem,
} from './import-problem';

/** The form as it comes back to the page, so a refused or previewed document is not lost. */
export interface ImportValues extends AudienceValues {
  /** The text to import: as pasted, or as read from the uploaded file. */
  content: string;
  /** '' means "let the API detect it". */
  format: SourceFormat | '';
  /** The file the content was read from, if any. */
  fileName: string | null;
  /** The date confirmed in the preview for a document that states none; '' lets the API use today. */
  publishedOn: string;
  /** The web address to import from, as typed. */
  url: string;
}

export type ImportFormReading =
  | { ok: true; values: ImportValues; document: BriefingImport }
  | { ok: false; status: number; values: ImportValues; problem: ImportProblem };

export type UrlImportReading =
  | { ok: true; values: ImportValues; input: BriefingUrlImport }
  | { ok: false; status: number; values: ImportValues; problem: ImportProblem };

const EMPTY_VALUES: ImportValues = {
  content: '',
  format: '',
  fileName: null,
  publishedOn: '',
  url: '',
  visibility: 'team',
  groupIds: [],
};

const NOT_A_WEB_ADDRESS = 'Enter a full web address, starting with https:// or http://.';

const NOT_A_DATE: ImportProblem = {
  message: 'Enter the date as a calendar date, like 2026-05-07.',
  detail: 'It is used only when the document states no date of its own.',
};

export async function readImportForm(request: Request): Promise<ImportFormReading> {
  const form = await formOf(request);
  if (!(form instanceof FormData)) return form;

  const format = formatOf(form.get('format'));
  const audience = readAudience(form);
  const file = fileField(form, 'file');
  const values: ImportValues = {
    ...audience,
    format,
    content: '',
    fileName: file?.name ?? null,
    publishedOn: textField(form, 'publishedOn'),
    url: textField(form, 'url'),
  };

  if (file) {
    if (!hasAcceptedExtension(file.name)) return refused(415, values, UNSUPPORTED_DOCUMENT);
    if (file.size > MAX_DOCUMENT_BYTES) return refused(413, values, DOCUMENT_TOO_LARGE);
    const text = await textOf(file);
    if (text === null) {
      return refused(415, values, {
        message: `${file.name} is not a text document.`,
        detail: UNSUPPORTED_DOCUMENT.detail,
      });
    }
    values.content = text;
  } else {
    const pasted = form.get('content');
    // Browsers submit a textarea's line breaks as CRLF; the document had plain newlines.
    values.content = typeof pasted === 'string' ? pasted.replace(/\r\n?/g, '\n') : '';
    if (new TextEncoder().encode(values.content).byteLength > MAX_DOCUMENT_BYTES) {
      return refused(413, { ...values, content: '' }, DOCUMENT_TOO_LARGE);
    }
  }

  if (values.content.trim() === '') {
    return refused(400, values, {
      message: file ? `${file.name} is empty.` : 'Paste the briefing, or choose a file to upload.',
      detail: null,
    });
  }

  if (values.publishedOn !== '' && !isCalendarDate(values.publishedOn)) {
    return refused(400, values, NOT_A_DATE);
  }

  const document: BriefingImport = { content: values.content };
  if (format) document.format = format;
  if (values.publishedOn) document.publishedOn = values.publishedOn;
  return { ok: true, values, document };
}

/**
 * The web address to import from, with the audience. The rest of the form (pasted text, an
 * uploaded file) is kept in the values, so nothing typed is lost, but not sent.
 */
export async function readUrlImportForm(request: Request): Promise<UrlImportReading> {
  const form = await formOf(request);
  if (!(form instanceof FormData)) return form;

  const pasted = form.get('content');
  const values: ImportValues = {
    ...readAudience(form),
    format: formatOf(form.get('format')),
    content: typeof pasted === 'string' ? pasted.replace(/\r\n?/g, '\n') : '',
    fileName: null,
    publishedOn: textField(form, 'publishedOn'),
    url: textField(form, 'url'),
  };
  if (values.url === '') {
    return refused(400, values, {
      message: 'Enter the address of the page to import.',
      detail: null,
    });
  }
  const address = webAddressOf(values.url);
  if ('problem' in address) return refused(400, values, { message: address.problem, detail: null });
  const { url } = address;
  if (url.length > MAX_URL_LENGTH) {
    return refused(400, values, {
      message: `That address is longer than ${MAX_URL_LENGTH.toLocaleString('en')} characters.`,
      detail: null,
    });
  }
  return { ok: true, values: { ...values, url }, input: { url } };
}

/** The form, or the refusal of a body the page server would not read. */
async function formOf(
  request: Request,
): Promise<FormData | { ok: false; status: number; values: ImportValues; problem: ImportProblem }> {
  try {
    return await request.formData();
  } catch (cause) {
    // SvelteKit stops reading a body over its BODY_SIZE_LIMIT and errors the stream with a 413.
    if (statusOf(cause) === 413) return refused(413, EMPTY_VALUES, UPLOAD_OVER_SERVER_LIMIT);
    throw cause;
  }
}

/** An absolute http(s) URL (a bare "example.com/page" is read as https), or why it is not one. */
function webAddressOf(typed: string): { url: string } | { problem: string } {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed);
  let url: URL;
  try {
    url = new URL(hasScheme ? typed : `https://${typed}`);
  } catch {
    return { problem: NOT_A_WEB_ADDRESS };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: NOT_A_WEB_ADDRESS };
  // Without a scheme, a bare word ("draft") is no address; an allowlisted intranet host needs http(s)://.
  if (!hasScheme && !url.hostname.includes('.')) return { problem: NOT_A_WEB_ADDRESS };
  if (url.username !== '' || url.password !== '') {
    return {
      problem: hasScheme
        ? 'Leave the user name and password out of the address: Briefroom fetches public pages only.'
        : NOT_A_WEB_ADDRESS,
    };
  }
  return { url: hasScheme ? typed : url.href };
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function refused(
  status: number,
  values: ImportValues,
  problem: ImportProblem,
): { ok: false; status: number; values: ImportValues; problem: ImportProblem } {
  return { ok: false, status, values, problem };
}

function formatOf(value: FormDataEntryValue | null): SourceFormat | '' {
  return typeof value === 'string' && (SOURCE_FORMATS as readonly string[]).includes(value)
    ? (value as SourceFormat)
    : '';
}

/** The file as UTF-8 text (a byte-order mark dropped), or null when it is not valid UTF-8. */
async function textOf(file: File): Promise<string | null> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return null;
  }
}

function statusOf(cause: unknown): number | null {
  return typeof cause === 'object' && cause !== null && 'status' in cause
    ? Number(cause.status)
    : null;
}
