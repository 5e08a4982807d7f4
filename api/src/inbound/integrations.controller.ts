import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
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
  CreatedIntegrationDto,
  CreateIntegrationDto,
  IntegrationIdParams,
  IntegrationListDto,
  RotatedAddressDto,
  RotatedSecretDto,
} from './integrations.dto.js';
import { IntegrationsService } from './integrations.service.js';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly service: IntegrationsService) {}

  @Get()
  @Access('admin')
  @ApiOkResponse({
    type: IntegrationListDto,
    description: 'Secrets and addresses are never listed.',
  })
  async listIntegrations(): Promise<IntegrationListDto> {
    return { integrations: await this.service.list() };
  }

  @Post()
  @Access('admin')
  @ApiCreatedResponse({ type: CreatedIntegrationDto })
  createIntegration(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateIntegrationDto,
  ): Promise<CreatedIntegrationDto> {
    return this.service.create(auth, dto);
  }

  @Post(':id/secret')
  @HttpCode(200)
  @Access('admin')
  @ApiOkResponse({
    type: RotatedSecretDto,
    description: 'A new secret; the old one stops at once.',
  })
  rotateIntegrationSecret(@Param() params: IntegrationIdParams): Promise<RotatedSecretDto> {
    return this.service.rotateSecret(params.id);
  }

  @Post(':id/address')
  @HttpCode(200)
  @Access('admin')
  @ApiOkResponse({
    type: RotatedAddressDto,
    description: 'A new address; the old one stops at once.',
  })
  rotateIntegrationAddress(@Param() params: IntegrationIdParams): Promise<RotatedAddressDto> {
    return this.service.rotateAddress(params.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('admin')
  @ApiNoContentResponse({ description: 'Revoked: its address and webhook stop at once.' })
  revokeIntegration(@Param() params: IntegrationIdParams): Promise<void> {
    return this.service.revoke(params.id);
  }
}
