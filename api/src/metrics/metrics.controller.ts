import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Access } from '../auth/access.decorator.js';
import { METRICS, type Metrics } from './metrics.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Prometheus exposition; when METRICS_TOKEN is set, scrapers must send it as a bearer token. */
  @Get()
  @Access('public')
  @ApiProduces('text/plain')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'Prometheus text exposition.' })
  async getMetrics(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected) {
      const given = Buffer.from(request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '');
      const wanted = Buffer.from(expected);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        throw new DomainError(
          'UNAUTHENTICATED',
          'Metrics need the METRICS_TOKEN as a bearer token.',
        );
      }
    }
    void reply.type(this.metrics.registry.contentType);
    return this.metrics.scrape();
  }
}
