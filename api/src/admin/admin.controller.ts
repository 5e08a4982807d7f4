import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
  CreatedInviteDto,
  CreateInviteDto,
  InviteListDto,
  UpdateUserDto,
  UserEnvelopeDto,
  UserIdParams,
  UserListDto,
} from '../users/users.dto.js';
import { AdminService } from './admin.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Access('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly service: AdminService) {}

  @Get('users')
  @ApiOkResponse({ type: UserListDto })
  async listUsers(): Promise<UserListDto> {
    return { users: await this.service.listUsers() };
  }

  @Patch('users/:id')
  @ApiOkResponse({ type: UserEnvelopeDto })
  async updateUser(
    @CurrentAuth() auth: AuthContext,
    @Param() params: UserIdParams,
    @Body() dto: UpdateUserDto,
  ): Promise<UserEnvelopeDto> {
    return { user: await this.service.updateUser(auth, params.id, dto) };
  }

  @Get('invites')
  @ApiOkResponse({ type: InviteListDto })
  async listInvites(): Promise<InviteListDto> {
    return { invites: await this.service.listInvites() };
  }

  @Post('invites')
  @ApiCreatedResponse({ type: CreatedInviteDto })
  createInvite(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateInviteDto,
  ): Promise<CreatedInviteDto> {
    return this.service.createInvite(auth, dto);
  }

  @Delete('invites/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  revokeInvite(@Param() params: UserIdParams): Promise<void> {
    return this.service.revokeInvite(params.id);
  }
}
