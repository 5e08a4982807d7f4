import { Controller, Headers, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiQuery,
  ApiExtraModels,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import { BriefingDto, BriefingListDto } from '../briefings/briefings.dto.js';
import { RAW_IMPORT_TYPES } from '../briefings/briefings.service.js';
import { InboundService } from './inbound.service.js';

/** The import answers: one briefing, or `{briefings}` for a feed. */
const IMPORTED = {
  oneOf: [{ $ref: getSchemaPath(BriefingDto) }, { $ref: getSchemaPath(BriefingListDto) }],
};

@ApiTags('integrations')
@ApiExtraModels(BriefingDto, BriefingListDto)
@Controller('hooks')
export class InboundWebhookController {
  constructor(private readonly inbound: InboundService) {}

  @Post('briefings')
  // No session: the Standard Webhooks signature authenticates the delivery.
  @Access('public')
  @ApiOperation({
    summary: 'Import a document signed with an integration secret',
    description:
      '401 for an unknown or revoked integration, a bad signature, or a timestamp more than 5 minutes off; nothing is stored.',
  })
  @ApiQuery({
    name: 'integration',
    schema: { type: 'string', format: 'uuid' },
    description: 'The integration id (its webhook URL carries it).',
  })
  @ApiHeader({ name: 'webhook-id', required: true, description: 'Unique message id.' })
  @ApiHeader({
    name: 'webhook-timestamp',
    required: true,
    description: 'Unix seconds; ±5 minutes.',
  })
  @ApiHeader({
    name: 'webhook-signature',
    required: true,
    description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed by the integration secret.',
  })
  @ApiConsumes('application/json', ...Object.keys(RAW_IMPORT_TYPES))
  @ApiBody({
    description: 'Any import body: canonical JSON, {content, format}, or a raw document.',
  })
  @ApiCreatedResponse({ schema: IMPORTED, description: 'New.' })
  @ApiOkResponse({ schema: IMPORTED, description: 'The same document was imported before.' })
  async receiveBriefingWebhook(
    @Query('integration') integration: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BriefingDto | BriefingListDto> {
    const result = await this.inbound.receiveWebhook(
      integration,
      request.headers,
      request.rawBody ?? Buffer.alloc(0),
      contentType,
    );
    void reply.status(result.created ? 201 : 200);
    return result.briefings.length === 1 ? result.briefings[0] : { briefings: result.briefings };
  }
}
