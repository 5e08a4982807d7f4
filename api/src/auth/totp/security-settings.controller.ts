import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../access.decorator.js';
import type { AuthContext } from '../auth-context.js';
import type { ClientMeta } from '../auth.service.js';
import { Client, CurrentAuth } from '../current-auth.decorator.js';
import { SecuritySettingsDto } from './totp.dto.js';
import { SecuritySettingsService } from './security-settings.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('admin/security')
export class SecuritySettingsController {
  constructor(private readonly settings: SecuritySettingsService) {}

  @Get()
  @Access('admin')
  @ApiOkResponse({ type: SecuritySettingsDto })
  getSecuritySettings(): Promise<SecuritySettingsDto> {
    return this.settings.get();
  }

  @Put()
  @Access('admin')
  @ApiOkResponse({
    type: SecuritySettingsDto,
    description:
      'Requiring a role ends the sessions of its password accounts without a second factor; their next sign-in enrols one.',
  })
  updateSecuritySettings(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: SecuritySettingsDto,
    @Client() client: ClientMeta,
  ): Promise<SecuritySettingsDto> {
    return this.settings.update(auth, dto, client.ip);
  }
}
