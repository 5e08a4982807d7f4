import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { IsOptional, ValidateIf, type ValidationOptions } from 'class-validator';
import { DomainError } from './errors/domain-error.js';

interface FieldProblem {
  field: string;
  problems: string[];
}

/** An error answer stays small whatever the request held: this many fields, each name and sentence this long. */
export const ERROR_DETAIL_LIMITS = { fields: 20, fieldChars: 100, problemChars: 300 } as const;

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The fields in a sentence: the first few by name, then how many more. */
function fieldList(fields: string[]): string {
  const named = fields
    .slice(0, ERROR_DETAIL_LIMITS.fields)
    .map((field) => clip(field, ERROR_DETAIL_LIMITS.fieldChars));
  const more = fields.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/**
 * A field the caller may leave out. Unlike class-validator's `@IsOptional()` alone, null passes only
 * when it means something (`nullable: true`, e.g. "no owner"); elsewhere null is a 400, not a NOT NULL
 * violation in PostgreSQL.
 */
export function Optional({
  nullable = false,
  ...options
}: ValidationOptions & { nullable?: boolean } = {}): PropertyDecorator {
  return nullable
    ? IsOptional(options)
    : ValidateIf((_, value: unknown) => value !== undefined, options);
}

/** Validates every body, query and param against its DTO; unknown fields are refused, not ignored. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const unknown = errors
        .filter((error) => error.constraints?.whitelistValidation)
        .map((error) => error.property);
      const unknownSet = new Set(unknown);
      const invalid = details.filter((detail) => !unknownSet.has(detail.field));
      const parts = [
        invalid.length
          ? `Missing or invalid: ${fieldList(invalid.map((detail) => detail.field))} (${clip(invalid[0]?.problems[0] ?? '', ERROR_DETAIL_LIMITS.problemChars)})`
          : '',
        unknown.length
          ? `unknown field${unknown.length > 1 ? 's' : ''}: ${fieldList(unknown)}`
          : '',
      ].filter(Boolean);
      const message = parts.length ? `${parts.join('; ')}.` : 'The request is invalid.';
      return new DomainError(
        'VALIDATION_FAILED',
        message.charAt(0).toUpperCase() + message.slice(1),
        details.slice(0, ERROR_DETAIL_LIMITS.fields).map(({ field, problems }) => ({
          field: clip(field, ERROR_DETAIL_LIMITS.fieldChars),
          problems: problems.map((problem) => clip(problem, ERROR_DETAIL_LIMITS.problemChars)),
        })),
      );
    },
  });
}
