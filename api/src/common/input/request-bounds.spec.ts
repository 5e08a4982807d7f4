import { inputProblem, REQUEST_BOUNDS } from './request-bounds.js';

describe(inputProblem.name, () => {
  it('passes ordinary DTO-shaped input', () => {
    const sut = inputProblem(
      { title: 'Renew 🚀', links: [{ type: 'briefing', id: 'x' }], dueOn: null, page: 2 },
      'body',
      REQUEST_BOUNDS,
    );
    expect(sut).toBeUndefined();
  });

  it('names the first string holding NUL or an unpaired surrogate, keys included', () => {
    expect(inputProblem({ links: [{ id: 'a\u0000' }] }, 'body', REQUEST_BOUNDS)).toEqual({
      status: 400,
      field: 'body.links[0].id',
      problem: 'the text holds a NUL character or an unpaired UTF-16 surrogate',
    });
    expect(inputProblem({ q: '\udc00x' }, 'query', REQUEST_BOUNDS)?.field).toBe('query.q');
    expect(inputProblem({ 'a\ud800': 1 }, 'body', REQUEST_BOUNDS)).toMatchObject({
      status: 400,
      field: 'body["a\\ud800"]',
    });
  });

  it('refuses nesting past the bound with a 400, however deep the input goes', () => {
    let deep: unknown = [];
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(inputProblem({ email: deep }, 'body', REQUEST_BOUNDS)).toMatchObject({
      status: 400,
      problem: 'nested deeper than 16 levels',
    });
  });

  it('refuses too many keys, too many values and too long text with a 413', () => {
    const wide = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));
    expect(inputProblem(wide, 'body', REQUEST_BOUNDS)).toEqual({
      status: 413,
      field: 'body',
      problem: 'more than 100 keys',
    });
    expect(
      inputProblem({ ids: new Array(20_001).fill('x') }, 'body', REQUEST_BOUNDS),
    ).toMatchObject({ status: 413, field: 'body.ids' });
    expect(inputProblem({ body: 'x'.repeat(100_001) }, 'body', REQUEST_BOUNDS)).toMatchObject({
      status: 413,
      field: 'body.body',
    });
    expect(inputProblem({ ['k'.repeat(201)]: 1 }, 'body', REQUEST_BOUNDS)).toMatchObject({
      status: 413,
      field: `body["${'k'.repeat(39)}…"]`,
    });
  });
});
