import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../common/errors/domain-error.js';
import { BriefingParser } from './briefing-parser.js';
import { PARSE_LIMITS } from './parsing/index.js';

const sample = readFileSync(join(__dirname, '../../samples/daily-sync-2026-05-07.txt'), 'utf8');
/** Nearly 2 MB of long bullets: within every limit, and long enough to read that a tiny budget cuts it. */
const slow = `Daily Sync: May 7, 2026\n\nNews\n\n${`• Alpha rises. ${'Body words here. '.repeat(60)}\n`.repeat(1_800)}`;

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe(BriefingParser.name, () => {
  let sut: BriefingParser;

  beforeEach(() => {
    sut = new BriefingParser();
  });
  afterEach(async () => {
    await sut.onModuleDestroy();
  });

  it('parses a document in a worker, with the format it sniffed', async () => {
    const parsed = await sut.parse(sample, undefined);
    expect(parsed.sourceFormat).toBe('text');
    expect(parsed.briefings[0]).toMatchObject({ title: 'Daily Sync: May 7, 2026' });
  });

  it('answers a document past a limit with a 422 naming the limit', async () => {
    const error = await refusal(
      sut.parse(`<h1>Deep: May 7, 2026</h1>${'<div>'.repeat(100_000)}`, 'html'),
    );
    expect(error).toMatchObject({
      code: 'UNPARSEABLE_BRIEFING',
      status: 422,
      details: { reason: 'TOO_COMPLEX', limit: 'markupDepth', max: PARSE_LIMITS.markupDepth },
    });
  });

  it('answers unreadable and binary documents as the service always did', async () => {
    expect(await refusal(sut.parse('<p>   </p><nav></nav>', 'html'))).toMatchObject({
      status: 422,
      details: { reason: 'NO_STRUCTURE', missing: ['sections'] },
    });
    expect(await refusal(sut.parse('\u0000\u0001\u0002binary', undefined))).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
    });
  });

  it('cancels a parse over its time budget, answers 422 PARSE_TIMEOUT, and keeps serving', async () => {
    // One thread, warmed first: the 20 ms budget then cuts a parse, never a thread still loading
    // the parser. Node 20 aborts the whole process when a worker thread is stopped inside a
    // require() of an ES module (seen once under load: "v8::Module::IsGraphAsync must be used on
    // an instantiated module"); the product's budget is 10 s, far past a thread's start.
    const single = new BriefingParser({ maxThreads: 1 });
    try {
      await single.parse(sample, undefined);
      const error = await refusal(single.parse(slow, 'text', {}, 20));
      expect(error).toMatchObject({
        code: 'UNPARSEABLE_BRIEFING',
        status: 422,
        details: { reason: 'PARSE_TIMEOUT', limit: 'parseMilliseconds', max: 20 },
      });
      const after = await single.parse(sample, undefined);
      expect(after.briefings).toHaveLength(1);
    } finally {
      await single.onModuleDestroy();
    }
  });

  it('tells callers to come back later when the queue is full', async () => {
    const small = new BriefingParser({ maxThreads: 1, maxQueue: 1 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => small.parse(sample, undefined)),
      );
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'rejected',
      ]);
      expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        status: 503,
        headers: { 'Retry-After': '5' },
      });
      await expect(small.parse(sample, undefined)).resolves.toMatchObject({ sourceFormat: 'text' });
    } finally {
      await small.onModuleDestroy();
    }
  });
});
