import { describe, expect, it } from 'vitest';
import { ApiError } from '$lib/api/client';
import { failFromApi } from './action-failure';

describe(failFromApi.name, () => {
  it('keeps the API status and message, plus the values to refill the form', () => {
    const failure = failFromApi(
      new ApiError(409, 'EMAIL_TAKEN', 'That email already has an account.'),
      {
        email: 'ada@example.com',
      },
    );

    expect(failure.status).toBe(409);
    expect(failure.data).toMatchObject({
      email: 'ada@example.com',
      message: 'That email already has an account.',
      code: 'EMAIL_TAKEN',
    });
  });

  it('rethrows anything that is not an ApiError', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => failFromApi(bug, {})).toThrow(bug);
  });
});
