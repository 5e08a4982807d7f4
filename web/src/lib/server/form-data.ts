// Reading submitted forms: text fields, repeated fields (checkboxes) and uploaded files.

export function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** Passwords are taken exactly as typed: leading or trailing spaces are part of them. */
export function passwordField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Every non-empty value of a repeated field, such as a group of checkboxes. */
export function textList(form: FormData, name: string): string[] {
  return form
    .getAll(name)
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** The file chosen in `<input type=file>`, or null when none was (browsers then send an empty part). */
export function fileField(form: FormData, name: string): File | null {
  const value = form.get(name);
  if (typeof value === 'string' || value === null) return null;
  return value.size > 0 || value.name !== '' ? value : null;
}

/** Markdown as typed: leading spaces and blank lines matter. Browsers send textarea lines as CRLF. */
export function markdownField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
}
