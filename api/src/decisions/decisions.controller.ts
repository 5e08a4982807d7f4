import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  CreateDecisionDto,
  DecisionIdParams,
  DecisionListQuery,
  UpdateDecisionDto,
  type DecisionDto,
} from './decisions.dto.js';
import { DecisionsService } from './decisions.service.js';
import { Idempotent } from '../idempotency/idempotency.interceptor.js';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('decisions')
export class DecisionsController {
  constructor(private readonly service: DecisionsService) {}

  @Post()
  @Access('member')
  @Idempotent()
  propose(@CurrentAuth() auth: AuthContext, @Body() dto: CreateDecisionDto): Promise<DecisionDto> {
    return this.service.propose(auth, dto);
  }

  @Get()
  @Access('viewer')
  list(
    @CurrentAuth() auth: AuthContext,
    @Query() query: DecisionListQuery,
  ): Promise<{ decisions: DecisionDto[] }> {
    return this.service.list(auth, query);
  }

  @Get(':id')
  @Access('viewer')
  get(@CurrentAuth() auth: AuthContext, @Param() params: DecisionIdParams): Promise<DecisionDto> {
    return this.service.get(auth, params.id);
  }

  @Patch(':id')
  @Access('member')
  update(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DecisionIdParams,
    @Body() dto: UpdateDecisionDto,
  ): Promise<DecisionDto> {
    return this.service.update(auth, params.id, dto);
  }

  @Post(':id/supersede')
  @Access('editor')
  @Idempotent()
  supersede(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DecisionIdParams,
    @Body() dto: CreateDecisionDto,
  ): Promise<DecisionDto> {
    return this.service.supersede(auth, params.id, dto);
  }
}
