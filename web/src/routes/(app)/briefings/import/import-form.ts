// Reading the import form (multipart: pasted text or an uploaded file) into a document for the API.
import { SOURCE_FORMATS, type BriefingImport, type SourceFormat } from '$lib/api/types';
import { readAudience, type AudienceValues } from '$lib/server/briefing-form';
import { fileField } from '$lib/server/form-data';
import { hasAcceptedExtension, MAX_DOCUMENT_BYTES } from './document-rules';
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
}

export type ImportFormReading =
  | { ok: true; values: ImportValues; document: BriefingImport }
  | { ok: false; status: number; values: ImportValues; problem: ImportProblem };

const EMPTY_VALUES: ImportValues = {
  content: '',
  format: '',
  fileName: null,
  visibility: 'team',
  groupIds: [],
};

export async function readImportForm(request: Request): Promise<ImportFormReading> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (cause) {
    // SvelteKit stops reading a body over its BODY_SIZE_LIMIT and errors the stream with a 413.
    if (statusOf(cause) === 413) return refused(413, EMPTY_VALUES, UPLOAD_OVER_SERVER_LIMIT);
    throw cause;
  }

  const format = formatOf(form.get('format'));
  const audience = readAudience(form);
  const file = fileField(form, 'file');
  const values: ImportValues = { ...audience, format, content: '', fileName: file?.name ?? null };

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

  const document: BriefingImport = { content: values.content };
  if (format) document.format = format;
  return { ok: true, values, document };
}

function refused(status: number, values: ImportValues, problem: ImportProblem): ImportFormReading {
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
