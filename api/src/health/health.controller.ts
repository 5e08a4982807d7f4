import { Controller, Get, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import { SearchEngine } from '../search/search-engine.js';
import { HealthRepository } from './health.repository.js';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'], enumName: 'HealthStatus' }) status:
    'ok' | 'unavailable';
  @ApiProperty({ enum: ['up', 'down'], enumName: 'DatabaseHealth' }) db: 'up' | 'down';
  @ApiProperty({
    enum: ['up', 'degraded'],
    enumName: 'SearchHealth',
    description: 'Search being down degrades search only; the rest works.',
  })
  search: 'up' | 'degraded';
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthRepository) private readonly db: HealthRepository,
    @Inject(SearchEngine) private readonly search: SearchEngine,
  ) {}

  /** 200 while PostgreSQL answers (search may be degraded); 503 when the database is down. */
  @Get()
  @Access('public')
  @ApiOkResponse({ type: HealthDto, description: 'PostgreSQL answers; search may be degraded.' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The database is down.' })
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const [db, search] = await Promise.all([
      this.db.ping().then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.search.isHealthy().then((up) => (up ? ('up' as const) : ('degraded' as const))),
    ]);
    if (db === 'down') void reply.status(503);
    return { status: db === 'up' ? 'ok' : 'unavailable', db, search };
  }
}
