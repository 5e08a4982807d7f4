import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from './domain-error.js';
import { mapError } from './error.filter.js';

describe(mapError.name, () => {
  it('maps a domain error to its status, code, details and headers', () => {
    const sut = mapError(
      new DomainError(
        'TOO_MANY_ATTEMPTS',
        'Wait.',
        { retryAfterSeconds: 5 },
        { 'Retry-After': '5' },
      ),
    );
    expect(sut).toEqual({
      status: 429,
      body: {
        error: { code: 'TOO_MANY_ATTEMPTS', message: 'Wait.', details: { retryAfterSeconds: 5 } },
      },
      headers: { 'Retry-After': '5' },
    });
  });

  it('maps framework HTTP errors by status', () => {
    expect(mapError(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'Cannot GET /x' } },
    });
    expect(mapError(new BadRequestException())).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(mapError(new ThrottlerException())).toMatchObject({
      status: 429,
      body: { error: { code: 'RATE_LIMITED' } },
    });
  });

  it('maps fastify body errors to 4xx codes', () => {
    expect(
      mapError({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'x' }),
    ).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
    expect(mapError({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' })).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
    });
  });

  it('maps PostgreSQL being out of reach to 503 SERVICE_UNAVAILABLE with Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(mapError(refused)).toEqual({
      status: 503,
      body: { error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } },
      headers: { 'Retry-After': '5' },
    });
  });

  it('hides unknown errors behind a 500 without their message', () => {
    const sut = mapError(new Error('password=hunter2 leaked'));
    expect(sut.status).toBe(500);
    expect(JSON.stringify(sut.body)).not.toContain('hunter2');
  });
});
