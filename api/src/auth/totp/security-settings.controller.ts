import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { UserIdParams } from '../../users/users.dto.js';
import { Access } from '../access.decorator.js';
import type { AuthContext } from '../auth-context.js';
import type { ClientMeta } from '../auth.service.js';
import { Client, CurrentAuth } from '../current-auth.decorator.js';
import { SecuritySettingsDto } from './totp.dto.js';
import { SecuritySettingsService } from './security-settings.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('admin')
export class SecuritySettingsController {
  constructor(private readonly settings: SecuritySettingsService) {}

  @Get('security')
  @Access('admin')
  @ApiOkResponse({ type: SecuritySettingsDto })
  getSecuritySettings(): Promise<SecuritySettingsDto> {
    return this.settings.get();
  }

  @Put('security')
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

  @Delete('users/:id/totp')
  @HttpCode(204)
  @Access('admin')
  @ApiNoContentResponse({
    description:
      "Removes a user's second factor (a lost phone and lost recovery codes) and ends their sessions.",
  })
  resetUserTotp(
    @CurrentAuth() auth: AuthContext,
    @Param() params: UserIdParams,
    @Client() client: ClientMeta,
  ): Promise<void> {
    return this.settings.resetUserTotp(auth, params.id, client.ip);
  }
}
