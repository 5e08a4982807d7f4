import { Inject, Injectable } from '@nestjs/common';
import { generateAtomFeed } from 'feedsmith';
import type { AuthContext } from '../auth/auth-context.js';
import { hashSecret, newSecret } from '../auth/token-hash.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { excerptOf } from '../webhooks/webhook-event-facts.js';
import type { AtomFeedDto, CreateAtomFeedDto, CreatedAtomFeedDto } from './outside-feeds.dto.js';
import { OutsideFeedsRepository, type OutsideFeedRow } from './outside-feeds.repository.js';

/**
 * Subscribe from outside: a secret Atom address per series and one for decisions, like the
 * calendar feed. The address reads as its owner (no more than the credential that made it);
 * making it again revokes the old one, and deleting it ends it.
 */
@Injectable()
export class OutsideFeedsService {
  constructor(
    private readonly feeds: OutsideFeedsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(auth: AuthContext, dto: CreateAtomFeedDto): Promise<CreatedAtomFeedDto> {
    const series = dto.kind === 'series' ? (dto.series ?? '') : '';
    if (dto.kind === 'series' && !(await this.feeds.seriesExists(series)))
      throw new DomainError('VALIDATION_FAILED', 'No briefing is filed under this series.', [
        { field: 'series', problems: ['no such series'] },
      ]);
    const token = newSecret();
    const row = await this.feeds.upsert({
      userId: auth.user.id,
      kind: dto.kind,
      series,
      tokenHash: hashSecret(token),
      roleCeiling: auth.tokenId ? auth.role : null,
    });
    return { feed: toDto(row), url: `/api/atom/${token}.xml` };
  }

  async list(auth: AuthContext): Promise<AtomFeedDto[]> {
    return (await this.feeds.list(auth.user.id)).map(toDto);
  }

  async remove(auth: AuthContext, id: string): Promise<void> {
    if (!(await this.feeds.remove(auth.user.id, id)))
      throw new DomainError('NOT_FOUND', 'You have no such feed.');
  }

  /** The Atom document a secret address opens. */
  async atom(token: string): Promise<string> {
    const feed = await this.feeds.byToken(hashSecret(token));
    if (!feed) throw new DomainError('NOT_FOUND', 'This feed does not exist or was revoked.');
    const origin = this.config.publicUrl.origin;
    const self = {
      href: `${origin}/api/atom/${token}.xml`,
      rel: 'self',
      type: 'application/atom+xml',
    };
    if (feed.kind === 'series') {
      const briefings = await this.feeds.seriesBriefings(feed.reader, feed.series);
      return generateAtomFeed({
        id: `urn:briefroom:series:${encodeURIComponent(feed.series)}`,
        title: { value: `${feed.series} · Briefroom` },
        updated: latest(briefings.map((briefing) => briefing.updatedAt)),
        links: [
          self,
          {
            href: `${origin}/briefings?series=${encodeURIComponent(feed.series)}`,
            rel: 'alternate',
          },
        ],
        entries: briefings.map((briefing) => ({
          id: `urn:briefroom:briefing:${briefing.id}`,
          title: { value: briefing.title },
          updated: new Date(briefing.updatedAt),
          published: new Date(`${briefing.publishedOn}T00:00:00Z`),
          links: [{ href: `${origin}/briefings/${briefing.slug}`, rel: 'alternate' }],
          ...(briefing.summary ? { summary: { value: briefing.summary, type: 'text' } } : {}),
          ...(briefing.author ? { authors: [{ name: briefing.author }] } : {}),
        })),
      });
    }
    const decisions = await this.feeds.decisions(feed.reader);
    return generateAtomFeed({
      id: 'urn:briefroom:decisions',
      title: { value: 'Decisions · Briefroom' },
      updated: latest(decisions.map((decision) => decision.updatedAt)),
      links: [self, { href: `${origin}/decisions`, rel: 'alternate' }],
      entries: decisions.map((decision) => ({
        id: `urn:briefroom:decision:${decision.id}`,
        title: { value: `${decision.title} (${decision.status})` },
        updated: new Date(decision.updatedAt),
        links: [{ href: `${origin}/decisions/${decision.id}`, rel: 'alternate' }],
        summary: { value: excerptOf(decision.statement, 500), type: 'text' },
        content: {
          value: [decision.statement, decision.rationale].filter(Boolean).join('\n\n'),
          type: 'text',
        },
        ...(decision.by ? { authors: [{ name: decision.by }] } : {}),
        categories: [{ term: decision.status }],
      })),
    });
  }
}

function latest(dates: Date[]): Date {
  return dates.length
    ? new Date(Math.max(...dates.map((date) => new Date(date).getTime())))
    : new Date(0);
}

function toDto(row: OutsideFeedRow): AtomFeedDto {
  return {
    id: row.id,
    kind: row.kind,
    series: row.kind === 'series' ? row.series : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
