import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, NEVER, of, throwError, type Observable } from 'rxjs';
import { anAuth, domainError, injected } from '../../test/support/unit.js';
import { Idempotent, IdempotencyInterceptor } from './idempotency.interceptor.js';
import type { Claim, IdempotencyRepository } from './idempotency.repository.js';

class Routes {
  @Idempotent()
  create(): void {}

  plain(): void {}
}

/** Keys in memory with the repository's answers (the SQL, incl. abandoned keys, is tested on PostgreSQL). */
class FakeKeys implements Pick<IdempotencyRepository, 'claim' | 'answer' | 'release'> {
  readonly keys = new Map<string, { fingerprint: string; status: number; response: unknown }>();

  claim(userId: string, key: string, fingerprint: string): Promise<Claim> {
    const earlier = this.keys.get(`${userId}/${key}`);
    if (!earlier) {
      this.keys.set(`${userId}/${key}`, { fingerprint, status: 0, response: null });
      return Promise.resolve({ kind: 'claimed' });
    }
    if (earlier.fingerprint !== fingerprint) return Promise.resolve({ kind: 'reused' });
    if (earlier.status === 0) return Promise.resolve({ kind: 'in-progress' });
    return Promise.resolve({ kind: 'replay', status: earlier.status, response: earlier.response });
  }

  answer(userId: string, key: string, status: number, response: unknown): Promise<void> {
    Object.assign(this.keys.get(`${userId}/${key}`)!, { status, response });
    return Promise.resolve();
  }

  release(userId: string, key: string): Promise<void> {
    if (this.keys.get(`${userId}/${key}`)?.status === 0) this.keys.delete(`${userId}/${key}`);
    return Promise.resolve();
  }
}

describe(IdempotencyInterceptor.name, () => {
  let sut: IdempotencyInterceptor;
  let keys: FakeKeys;
  const user = anAuth('member');

  beforeEach(() => {
    keys = new FakeKeys();
    sut = new IdempotencyInterceptor(new Reflector(), injected<IdempotencyRepository>(keys));
  });

  /** One HTTP request through the interceptor; `work` is the route handler's answer. */
  function send(options: {
    key?: unknown;
    body?: unknown;
    handler?: keyof Routes;
    auth?: typeof user | undefined;
    work?: () => Observable<unknown>;
  }) {
    const reply = {
      statusCode: 201,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
    };
    const request = {
      method: 'POST',
      routeOptions: { url: '/api/actions' },
      params: {},
      body: options.body ?? { title: 'x' },
      headers: options.key === undefined ? {} : { 'idempotency-key': options.key },
      auth: 'auth' in options ? options.auth : user,
    };
    const context = {
      getType: () => 'http',
      getHandler: () => Routes.prototype[options.handler ?? 'create'],
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    } as unknown as ExecutionContext;
    let runs = 0;
    const next: CallHandler = {
      handle: () => {
        runs += 1;
        return (options.work ?? (() => of({ id: `created-${runs}` })))();
      },
    };
    const answer = (async () => lastValueFrom(sut.intercept(context, next)))();
    return { answer, reply, runs: () => runs };
  }

  it('runs a keyed request once and answers a retry with the first status and body', async () => {
    const first = send({ key: 'k1' });
    await expect(first.answer).resolves.toEqual({ id: 'created-1' });
    const retry = send({ key: 'k1', work: () => of({ id: 'created-again' }) });
    await expect(retry.answer).resolves.toEqual({ id: 'created-1' });
    expect(retry.runs()).toBe(0);
    expect(retry.reply.statusCode).toBe(201);
  });

  it('refuses the same key on a different body with 409 IDEMPOTENCY_KEY_REUSED', async () => {
    await send({ key: 'k1', body: { title: 'a' } }).answer;
    const other = send({ key: 'k1', body: { title: 'b' } });
    await domainError(other.answer, 'IDEMPOTENCY_KEY_REUSED');
    expect(other.runs()).toBe(0);
  });

  it('answers 409 with Retry-After while the first request is still running', async () => {
    const slow = send({ key: 'k1', work: () => NEVER });
    void slow.answer;
    await new Promise((resolve) => setImmediate(resolve));
    const error = await domainError(send({ key: 'k1' }).answer, 'CONFLICT');
    expect(error.headers).toEqual({ 'Retry-After': '1' });
  });

  it('frees the key when the request fails, so a retry runs anew', async () => {
    const failing = send({ key: 'k1', work: () => throwError(() => new Error('boom')) });
    await expect(failing.answer).rejects.toThrow('boom');
    expect(keys.keys.size).toBe(0);
    const retry = send({ key: 'k1' });
    await expect(retry.answer).resolves.toEqual({ id: 'created-1' });
    expect(retry.runs()).toBe(1);
  });

  it.each([['with space'], ['é'], ['x'.repeat(201)], [''], [['a', 'b']]])(
    'refuses the key %j before any work',
    async (key) => {
      const bad = send({ key });
      await domainError(bad.answer, 'VALIDATION_FAILED');
      expect(bad.runs()).toBe(0);
    },
  );

  it('leaves routes without @Idempotent, unkeyed and anonymous requests alone', async () => {
    for (const request of [
      { handler: 'plain' as const, key: 'k' },
      {},
      { key: 'k', auth: undefined },
    ]) {
      const sent = send(request);
      await expect(sent.answer).resolves.toEqual({ id: 'created-1' });
    }
    expect(keys.keys.size).toBe(0);
  });

  it('keeps keys per user', async () => {
    await send({ key: 'k1' }).answer;
    const other = send({ key: 'k1', auth: anAuth('member') });
    await expect(other.answer).resolves.toEqual({ id: 'created-1' });
    expect(other.runs()).toBe(1);
  });
});
