import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

/**
 * What one part of a request (query, path parameters, parsed body) may hold. Checked in one linear
 * pass before validation, whose cost grows with the square of the key count.
 */
export interface InputBounds {
  /** Nesting of objects and arrays. */
  depth: number;
  /** Keys of any one object. */
  keysPerObject: number;
  /** Keys and array elements in all. */
  values: number;
  keyChars: number;
  stringChars: number;
}

/** The deepest DTO (links, synonym groups) nests 3 levels and a group's member list holds 10,000 ids. */
export const REQUEST_BOUNDS: InputBounds = {
  depth: 16,
  keysPerObject: 100,
  values: 20_000,
  keyChars: 200,
  stringChars: 100_000,
};

/** Routes that carry whole documents: their strings are bounded by the body limit alone. */
const DOCUMENT_BOUNDS: InputBounds = { ...REQUEST_BOUNDS, stringChars: Number.POSITIVE_INFINITY };

/** NUL (which PostgreSQL text cannot store) or half of a UTF-16 surrogate pair (which no UTF-8 can encode). */
const UNSAFE_TEXT = /[\0\p{Cs}]/u;

export interface InputProblem {
  status: 400 | 413;
  field: string;
  problem: string;
}

/** Where a value sits, as the caller would write it: body.links[0].id, query["a b"]. */
function fieldName(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const shown = key.length > 40 ? `${key.slice(0, 39)}…` : key;
  return /^[A-Za-z_$][\w$]*$/.test(shown)
    ? `${parent}.${shown}`
    : `${parent}[${JSON.stringify(shown)}]`;
}

function textProblem(
  text: string,
  field: string,
  maxChars: number,
  what: string,
): InputProblem | undefined {
  if (text.length > maxChars) {
    return { status: 413, field, problem: `${what} is longer than ${maxChars} characters` };
  }
  if (UNSAFE_TEXT.test(text)) {
    return {
      status: 400,
      field,
      problem: `${what} holds a NUL character or an unpaired UTF-16 surrogate`,
    };
  }
  return undefined;
}

/** The first way `input` exceeds `bounds` or holds text no database can store; one pass, no recursion. */
export function inputProblem(
  input: unknown,
  name: string,
  bounds: InputBounds,
): InputProblem | undefined {
  const pending: Array<{ value: unknown; field: string; depth: number }> = [
    { value: input, field: name, depth: 0 },
  ];
  let values = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, field, depth } = next;
    if (typeof value === 'string') {
      const problem = textProblem(value, field, bounds.stringChars, 'the text');
      if (problem) return problem;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= bounds.depth) {
      return { status: 400, field, problem: `nested deeper than ${bounds.depth} levels` };
    }
    if (Array.isArray(value)) {
      values += value.length;
      if (values > bounds.values) {
        return { status: 413, field, problem: `more than ${bounds.values} values in all` };
      }
      value.forEach((item, index) =>
        pending.push({ value: item, field: fieldName(field, index), depth: depth + 1 }),
      );
      continue;
    }
    const keys = Object.keys(value);
    values += keys.length;
    if (keys.length > bounds.keysPerObject) {
      return { status: 413, field, problem: `more than ${bounds.keysPerObject} keys` };
    }
    if (values > bounds.values) {
      return { status: 413, field, problem: `more than ${bounds.values} values in all` };
    }
    for (const key of keys) {
      const keyField = fieldName(field, key);
      const problem = textProblem(key, keyField, bounds.keyChars, 'the key');
      if (problem) return problem;
      pending.push({
        value: (value as Record<string, unknown>)[key],
        field: keyField,
        depth: depth + 1,
      });
    }
  }
  return undefined;
}

function problemError({ status, field, problem }: InputProblem): DomainError {
  const message = `${field}: ${problem}.`;
  return status === 413
    ? new DomainError('PAYLOAD_TOO_LARGE', `The request is too large: ${message}`, [
        { field, problems: [problem] },
      ])
    : new DomainError('VALIDATION_FAILED', `Missing or invalid: ${message}`, [
        { field, problems: [problem] },
      ]);
}

/**
 * Refuses, before any guard or pipe runs, API requests whose query, path parameters or parsed body
 * exceed the bounds or hold text PostgreSQL cannot store. Raw documents (string bodies) are left to
 * the import route's parser.
 */
export function boundRequestInput(fastify: FastifyInstance, documentRoutes: Set<string>): void {
  fastify.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const route = request.routeOptions.url ?? '';
    if (!route.startsWith('/api/')) return done();
    const bounds = documentRoutes.has(route) ? DOCUMENT_BOUNDS : REQUEST_BOUNDS;
    const body =
      typeof request.body === 'object' && !Buffer.isBuffer(request.body) ? request.body : undefined;
    const problem =
      inputProblem(request.params, 'params', REQUEST_BOUNDS) ??
      inputProblem(request.query, 'query', REQUEST_BOUNDS) ??
      inputProblem(body, 'body', bounds);
    done(problem ? problemError(problem) : undefined);
  });
}
