import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context.js';
import { BriefingsService } from '../briefings/briefings.service.js';
import { BriefingParseError } from '../briefings/parsing/briefing-parse-error.js';
import { decodeDocument } from '../briefings/parsing/decode-document.js';
import { xmlProblem } from '../briefings/parsing/well-formed-xml.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobName } from '../jobs/job-names.js';
import { JobQueue } from '../jobs/job-queue.js';
import { cronEvery } from '../jobs/job-schedule.js';
import { OutboundFetcher } from '../outbound/outbound-fetcher.js';
import { OutboundGuard } from '../outbound/outbound-guard.js';
import { splitFeed, type FeedEntryBytes, type SplitFeed } from './feed-document.js';
import { nextPollAfterFailure, nextPollAfterSuccess, passSlackSeconds } from './feed-schedule.js';
import {
  toFeedDto,
  type CreateFeedDto,
  type FeedBriefingDto,
  type FeedDto,
  type FeedPollDto,
  type UpdateFeedDto,
} from './feeds.dto.js';
import { FeedsRepository, type FeedRow } from './feeds.repository.js';

/** What a feed URL may serve (some servers label feeds as plain text). */
export const FEED_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
  'text/plain',
];
/** A whole feed may be larger than one briefing document (2 MB): it holds many. */
export const FEED_MAX_BYTES = 5 * 1024 * 1024;
/** Feeds one pass polls at most, and how many at once. */
const FEEDS_PER_PASS = 200;
const POLLS_AT_ONCE = 4;

export interface FeedPollPassResult {
  polled: number;
  imported: number;
  failed: number;
}

interface PollOutcome {
  notModified: boolean;
  briefings: FeedBriefingDto[];
  skipped: number;
  /** Why the poll failed (also recorded on the feed); undefined when it did not. */
  error?: DomainError;
}

/**
 * Feed subscriptions. A pass (a queued job, every FEED_POLL_INTERVAL_SECONDS, one at a time across
 * replicas) polls each feed that came due with a conditional GET through the outbound guard. A
 * changed feed is cut into its entries (feed-document.ts); each entry whose GUID the feed has not
 * seen is imported on its own, as a one-entry feed, by the operator into the feed's series, and
 * recorded as seen, so it is imported once even if edited or re-published later. An entry that is
 * no briefing is recorded as seen with its reason (and named in lastError); a feed that cannot be
 * fetched or is not a feed counts a failure and waits twice as long each time, up to a day.
 */
@Injectable()
export class FeedsService implements OnModuleInit {
  private readonly logger = new Logger(FeedsService.name);

  constructor(
    private readonly feeds: FeedsRepository,
    private readonly briefings: BriefingsService,
    private readonly guard: OutboundGuard,
    private readonly fetcher: OutboundFetcher,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const period = this.config.feedPollIntervalSeconds;
    this.jobs.register(JobName.FeedPollPass, {
      handler: ({ now }) => this.runPass(now ? new Date(now) : new Date()),
      cron: cronEvery(period),
      everySeconds: period,
      retryLimit: 1,
      expireInSeconds: 30 * 60,
    });
  }

  async list(): Promise<FeedDto[]> {
    return (await this.feeds.list()).map(toFeedDto);
  }

  async create(auth: AuthContext, dto: CreateFeedDto): Promise<FeedDto> {
    // An internal address is refused now rather than at the first poll (and again at each poll).
    const url = await this.guard.checkDestination(dto.url);
    const id = await this.feeds.create({
      url: url.href,
      series: dto.series ?? null,
      createdBy: auth.user.id,
    });
    if (!id) throw new DomainError('CONFLICT', 'This feed is subscribed already.');
    return toFeedDto(await this.require(id));
  }

  async update(id: string, dto: UpdateFeedDto): Promise<FeedDto> {
    const feed = await this.require(id);
    // Resuming polls at the next pass rather than at a time set before the pause.
    const resumed = dto.paused === false && feed.paused;
    await this.feeds.update(id, {
      series: dto.series,
      paused: dto.paused,
      nextPollAt: resumed ? new Date() : undefined,
    });
    return toFeedDto(await this.require(id));
  }

  async remove(id: string): Promise<void> {
    if (!(await this.feeds.delete(id))) throw notFound();
  }

  /** Polls one feed now, paused or not: its new entries, or why it failed (as the error). */
  async pollNow(id: string): Promise<FeedPollDto> {
    const outcome = await this.poll(await this.require(id), new Date());
    if (outcome.error) throw outcome.error;
    return {
      feed: toFeedDto(await this.require(id)),
      notModified: outcome.notModified,
      briefings: outcome.briefings,
      skipped: outcome.skipped,
    };
  }

  /** One pass as of `now`: every feed due (with the pass's slack), a few at a time. */
  async runPass(now: Date = new Date()): Promise<FeedPollPassResult> {
    const slack = passSlackSeconds(this.config.feedPollIntervalSeconds) * 1000;
    const due = await this.feeds.due(new Date(now.getTime() + slack), FEEDS_PER_PASS);
    const result: FeedPollPassResult = { polled: 0, imported: 0, failed: 0 };
    const poller = async () => {
      for (let feed = due.shift(); feed; feed = due.shift()) {
        const outcome = await this.poll(feed, now);
        result.polled += 1;
        result.imported += outcome.briefings.length;
        if (outcome.error) result.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: POLLS_AT_ONCE }, poller));
    return result;
  }

  /**
   * Fetches, imports what is new and records the outcome on the feed. A failure the feed is to
   * blame for (a 4xx) is recorded and returned; anything else (the database down) is thrown, so
   * the job fails and retries with nothing recorded.
   */
  private async poll(feed: FeedRow, now: Date): Promise<PollOutcome> {
    const interval = this.config.feedPollIntervalSeconds;
    try {
      const answer = await this.fetcher.fetch(feed.url, {
        accept: FEED_TYPES,
        maxBytes: FEED_MAX_BYTES,
        etag: feed.etag,
        lastModified: feed.lastModified,
      });
      if (answer.status === 304) {
        await this.feeds.recordSuccess(feed.id, {
          polledAt: now,
          nextPollAt: nextPollAfterSuccess(now, interval),
          etag: answer.etag ?? feed.etag,
          lastModified: answer.lastModified ?? feed.lastModified,
          title: feed.title,
          note: null,
        });
        return { notModified: true, briefings: [], skipped: 0 };
      }
      const document = readFeed(answer.bytes, answer.contentType ?? 'application/xml');
      const { briefings, skipped } = await this.importNew(feed, document);
      await this.feeds.recordSuccess(feed.id, {
        polledAt: now,
        nextPollAt: nextPollAfterSuccess(now, interval),
        etag: answer.etag,
        lastModified: answer.lastModified,
        title: document.title,
        note:
          skipped.length === 0
            ? null
            : `Skipped ${skipped.length} ${skipped.length === 1 ? 'entry' : 'entries'}: ${skipped[0]}`,
      });
      return { notModified: false, briefings, skipped: skipped.length };
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
      const failures = feed.failures + 1;
      await this.feeds.recordFailure(feed.id, {
        polledAt: now,
        nextPollAt: nextPollAfterFailure(now, failures, interval),
        failures,
        error: error.message,
      });
      this.logger.warn({ feed: feed.id, failures, reason: error.message }, 'feed poll failed');
      return { notModified: false, briefings: [], skipped: 0, error };
    }
  }

  /** Imports the entries not seen before, oldest first (feeds list the newest first). */
  private async importNew(
    feed: FeedRow,
    document: SplitFeed,
  ): Promise<{ briefings: FeedBriefingDto[]; skipped: string[] }> {
    const seen = await this.feeds.seen(
      feed.id,
      document.entries.map((entry) => entry.guid),
    );
    const fresh = new Map<string, FeedEntryBytes>();
    for (const entry of document.entries)
      if (!seen.has(entry.guid) && !fresh.has(entry.guid)) fresh.set(entry.guid, entry);
    const briefings: FeedBriefingDto[] = [];
    const skipped: string[] = [];
    for (const entry of [...fresh.values()].reverse()) {
      try {
        const result = await this.briefings.import(null, {
          contentType: document.contentType,
          body: document.documentOf(entry),
          overrides: feed.series ? { series: feed.series } : {},
          source: 'feed',
        });
        const [first] = result.briefings;
        await this.feeds.markSeen(feed.id, entry.guid, {
          briefingId: first?.id ?? null,
          error: null,
        });
        briefings.push(...result.briefings.map(({ id, slug, title }) => ({ id, slug, title })));
      } catch (error) {
        // This entry is no briefing (or too large): it stays skipped; others still import.
        if (!(error instanceof DomainError) || error.status >= 500) throw error;
        await this.feeds.markSeen(feed.id, entry.guid, { briefingId: null, error: error.message });
        skipped.push(`${entry.guid}: ${error.message}`);
      }
    }
    return { briefings, skipped };
  }

  private async require(id: string): Promise<FeedRow> {
    const feed = await this.feeds.find(id);
    if (!feed) throw notFound();
    return feed;
  }
}

/**
 * The feed cut into entries, once the whole of it is known to be well-formed XML: a broken feed
 * is the feed's failure (retried with back-off), not a reason to skip each of its entries for ever.
 */
function readFeed(bytes: Buffer, contentType: string): SplitFeed {
  let problem: string | null;
  try {
    problem = xmlProblem(decodeDocument(bytes, contentType));
  } catch (error) {
    if (!(error instanceof BriefingParseError)) throw error;
    problem = error.message;
  }
  const document = problem ? null : splitFeed(bytes, contentType);
  if (!document) {
    throw new DomainError(
      'UNPARSEABLE_BRIEFING',
      problem
        ? `The feed is not well-formed XML: ${problem}`
        : 'The URL does not serve an RSS or Atom feed.',
    );
  }
  return document;
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No such feed.');
}
