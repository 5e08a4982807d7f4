import { existsSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnModuleDestroy, Optional } from '@nestjs/common';
import { Piscina } from 'piscina';
import { DomainError } from '../common/errors/domain-error.js';
import type { ParsedBriefing, ParseOptions, SourceFormat } from './parsing/index.js';
import type { ParseOutcome, ParseTask } from './parsing/parse-worker.js';

export interface ParsePoolOptions {
  /** A parse still running after this long is cancelled (its worker is terminated) and refused. */
  timeBudgetMs: number;
  maxThreads: number;
  /** Parses waiting for a worker; past this the import is told to come back later. */
  maxQueue: number;
  /** Heap of one worker: a document that needs more is refused, the process lives on. */
  maxWorkerHeapMb: number;
}

export const PARSE_POOL_OPTIONS = Symbol('PARSE_POOL_OPTIONS');

const DEFAULTS: ParsePoolOptions = {
  timeBudgetMs: 10_000,
  maxThreads: 2,
  maxQueue: 32,
  maxWorkerHeapMb: 512,
};

/**
 * The worker file: beside this module in the build; when running from the TypeScript sources
 * (jest), the build's copy, which `nx test` makes first. Null when there is no build at all.
 */
function workerFile(): string | null {
  const beside = new URL('./parsing/parse-worker.js', import.meta.url);
  if (existsSync(beside)) return beside.href;
  const built = new URL(beside.href.replace('/api/src/', '/api/dist/'));
  return existsSync(built) ? built.href : null;
}

export interface ParsedDocument {
  briefings: ParsedBriefing[];
  sourceFormat: SourceFormat;
}

/**
 * Parses untrusted documents off the main thread, so no document can stall the event loop: a pool
 * of worker threads, each parse with a time budget after which its worker is terminated (the pool
 * starts another). Every import path (HTTP import and preview, CLI, sample seeding) parses here.
 */
@Injectable()
export class BriefingParser implements OnModuleDestroy {
  private readonly logger = new Logger(BriefingParser.name);
  private readonly options: ParsePoolOptions;
  private pool: Piscina<ParseTask, ParseOutcome> | null = null;
  private readonly file = workerFile();
  /** Parses running or waiting; piscina's own maxQueue ignores tasks that carry an abort signal. */
  private inFlight = 0;

  constructor(@Optional() @Inject(PARSE_POOL_OPTIONS) options?: Partial<ParsePoolOptions>) {
    this.options = { ...DEFAULTS, ...options };
    if (!this.file) {
      this.logger.warn('The parse worker is not built: documents are parsed on the main thread.');
    }
  }

  async parse(
    content: string,
    format: SourceFormat | undefined,
    options: ParseOptions = {},
    timeBudgetMs = this.options.timeBudgetMs,
  ): Promise<ParsedDocument> {
    const task = { content, format, options };
    // Without a built worker (tests of the source) the parsers load here, on first use only.
    const outcome = this.file
      ? await this.inWorker(task, timeBudgetMs)
      : (await import('./parsing/parse-worker.js')).parseTask(task);
    if (outcome.ok) return { briefings: outcome.briefings, sourceFormat: outcome.sourceFormat };
    if (outcome.reason === 'BINARY') {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'This looks like a binary file, not a briefing.',
      );
    }
    throw new DomainError('UNPARSEABLE_BRIEFING', outcome.message, {
      reason: outcome.reason,
      missing: outcome.missing,
      ...(outcome.limit && { limit: outcome.limit.name, max: outcome.limit.max }),
    });
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }

  private async inWorker(task: ParseTask, timeBudgetMs: number): Promise<ParseOutcome> {
    if (this.inFlight >= this.options.maxThreads + this.options.maxQueue) {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'Too many documents are being read right now; try again in a few seconds.',
        undefined,
        { 'Retry-After': '5' },
      );
    }
    this.pool ??= new Piscina<ParseTask, ParseOutcome>({
      filename: this.file!,
      minThreads: 1,
      maxThreads: this.options.maxThreads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxWorkerHeapMb },
    });
    this.inFlight++;
    try {
      return await this.pool.run(task, { signal: AbortSignal.timeout(timeBudgetMs) });
    } catch (error) {
      throw this.workerFailure(error, timeBudgetMs);
    } finally {
      this.inFlight--;
    }
  }

  private workerFailure(error: unknown, timeBudgetMs: number): DomainError {
    const { name, code } = error as { name?: string; code?: string };
    if (name === 'AbortError') {
      return new DomainError(
        'UNPARSEABLE_BRIEFING',
        `The document took longer than ${timeBudgetMs / 1000} s to read and was set aside.`,
        { reason: 'PARSE_TIMEOUT', missing: [], limit: 'parseMilliseconds', max: timeBudgetMs },
      );
    }
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new DomainError(
        'UNPARSEABLE_BRIEFING',
        `The document needs more than ${this.options.maxWorkerHeapMb} MB to read.`,
        {
          reason: 'TOO_COMPLEX',
          missing: [],
          limit: 'workerHeapMb',
          max: this.options.maxWorkerHeapMb,
        },
      );
    }
    // A parser bug: the worker answers every other failure as a value.
    this.logger.error({ err: error }, 'a parse worker failed');
    return new DomainError('UNPARSEABLE_BRIEFING', 'The document could not be read.', {
      reason: 'MALFORMED',
      missing: [],
    });
  }
}
