import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from './errors/domain-error.js';

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
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
      const invalid = details
        .map((detail) => detail.field)
        .filter((field) => !unknown.includes(field));
      const parts = [
        invalid.length
          ? `Missing or invalid: ${invalid.join(', ')} (${details.find((d) => !unknown.includes(d.field))?.problems[0]})`
          : '',
        unknown.length
          ? `unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`
          : '',
      ].filter(Boolean);
      const message = parts.length ? `${parts.join('; ')}.` : 'The request is invalid.';
      return new DomainError(
        'VALIDATION_FAILED',
        message.charAt(0).toUpperCase() + message.slice(1),
        details,
      );
    },
  });
}
