import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryEnvelopeDto,
  DeliveryListDto,
  DeliveryParams,
  UpdateWebhookDto,
  WebhookEnvelopeDto,
  WebhookIdParams,
  WebhookListDto,
} from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@Access('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Get()
  @ApiOkResponse({
    type: WebhookListDto,
    description: 'Oldest first; secrets are never shown again.',
  })
  async listWebhooks(): Promise<WebhookListDto> {
    return { webhooks: await this.service.list() };
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookDto, description: 'The secret is shown this once.' })
  createWebhook(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateWebhookDto,
  ): Promise<CreatedWebhookDto> {
    return this.service.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookEnvelopeDto })
  async getWebhook(@Param() params: WebhookIdParams): Promise<WebhookEnvelopeDto> {
    return { webhook: await this.service.get(params.id) };
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookEnvelopeDto })
  async updateWebhook(
    @CurrentAuth() auth: AuthContext,
    @Param() params: WebhookIdParams,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookEnvelopeDto> {
    return { webhook: await this.service.update(auth, params.id, dto) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its delivery log.' })
  deleteWebhook(@CurrentAuth() auth: AuthContext, @Param() params: WebhookIdParams): Promise<void> {
    return this.service.remove(auth, params.id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryListDto })
  async listWebhookDeliveries(@Param() params: WebhookIdParams): Promise<DeliveryListDto> {
    return { deliveries: await this.service.deliveries(params.id) };
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: DeliveryEnvelopeDto,
    description: 'Queued again at once with a fresh round of attempts (same webhook-id).',
  })
  async replayWebhookDelivery(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DeliveryParams,
  ): Promise<DeliveryEnvelopeDto> {
    return { delivery: await this.service.replay(auth, params.id, params.deliveryId) };
  }
}
