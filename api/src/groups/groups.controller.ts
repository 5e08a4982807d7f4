import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import {
  GroupEnvelopeDto,
  GroupIdParams,
  GroupListDto,
  GroupMemberListDto,
  GroupMembersDto,
  GroupNameDto,
} from './groups.dto.js';
import { GroupsService } from './groups.service.js';
import { Idempotent } from '../idempotency/idempotency.interceptor.js';

@ApiTags('groups')
@ApiBearerAuth()
@Controller()
export class GroupsController {
  constructor(private readonly service: GroupsService) {}

  @Get('groups')
  @Access('viewer')
  @ApiOkResponse({ type: GroupListDto })
  async listGroups(): Promise<GroupListDto> {
    return { groups: await this.service.list() };
  }

  @Post('admin/groups')
  @Access('admin')
  @Idempotent()
  @ApiCreatedResponse({ type: GroupEnvelopeDto })
  async createGroup(@Body() dto: GroupNameDto): Promise<GroupEnvelopeDto> {
    return { group: await this.service.create(dto.name) };
  }

  @Patch('admin/groups/:id')
  @Access('admin')
  @ApiOkResponse({ type: GroupEnvelopeDto })
  async renameGroup(
    @Param() params: GroupIdParams,
    @Body() dto: GroupNameDto,
  ): Promise<GroupEnvelopeDto> {
    return { group: await this.service.rename(params.id, dto.name) };
  }

  @Delete('admin/groups/:id')
  @HttpCode(204)
  @Access('admin')
  @ApiNoContentResponse({ description: 'Deleted.' })
  deleteGroup(@Param() params: GroupIdParams): Promise<void> {
    return this.service.remove(params.id);
  }

  @Get('admin/groups/:id/members')
  @Access('admin')
  @ApiOkResponse({ type: GroupMemberListDto })
  async listGroupMembers(@Param() params: GroupIdParams): Promise<GroupMemberListDto> {
    return { members: await this.service.members(params.id) };
  }

  @Put('admin/groups/:id/members')
  @Access('admin')
  @ApiOkResponse({ type: GroupMemberListDto })
  async setGroupMembers(
    @Param() params: GroupIdParams,
    @Body() dto: GroupMembersDto,
  ): Promise<GroupMemberListDto> {
    return { members: await this.service.replaceMembers(params.id, dto.userIds) };
  }
}
