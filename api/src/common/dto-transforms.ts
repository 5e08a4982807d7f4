/** Input clean-up shared by the request DTOs (class-transformer `@Transform` functions). */
type Input = { value: unknown };

export const trim = ({ value }: Input) => (typeof value === 'string' ? value.trim() : value);
export const lowerTrim = ({ value }: Input) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
/** An empty or blank string clears an optional text field. */
export const trimOrNull = ({ value }: Input) =>
  typeof value === 'string' ? value.trim() || null : value;

/** A calendar date as the API speaks it: YYYY-MM-DD. */
export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
