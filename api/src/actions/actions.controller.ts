import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  ActionIdParams,
  ActionListQuery,
  CreateActionDto,
  UpdateActionDto,
  type ActionDto,
} from './actions.dto.js';
import { ActionsService } from './actions.service.js';

@ApiTags('actions')
@ApiBearerAuth()
@Controller('actions')
export class ActionsController {
  constructor(private readonly service: ActionsService) {}

  @Post()
  @Access('member')
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateActionDto): Promise<ActionDto> {
    return this.service.create(auth, dto);
  }

  @Get()
  @Access('viewer')
  list(@Query() query: ActionListQuery): Promise<{ actions: ActionDto[] }> {
    return this.service.list(query);
  }

  @Get(':id')
  @Access('viewer')
  get(@CurrentAuth() auth: AuthContext, @Param() params: ActionIdParams): Promise<ActionDto> {
    return this.service.get(auth, params.id);
  }

  @Patch(':id')
  @Access('member')
  update(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ActionIdParams,
    @Body() dto: UpdateActionDto,
  ): Promise<ActionDto> {
    return this.service.update(auth, params.id, dto);
  }
}
