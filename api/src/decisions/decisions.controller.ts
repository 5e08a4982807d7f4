import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  CreateDecisionDto,
  DecisionDto,
  DecisionIdParams,
  DecisionListDto,
  DecisionListQuery,
  SetStanceDto,
  UpdateDecisionDto,
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
  @ApiCreatedResponse({ type: DecisionDto })
  proposeDecision(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateDecisionDto,
  ): Promise<DecisionDto> {
    return this.service.propose(auth, dto);
  }

  @Get()
  @Access('viewer')
  @ApiOkResponse({ type: DecisionListDto })
  listDecisions(
    @CurrentAuth() auth: AuthContext,
    @Query() query: DecisionListQuery,
  ): Promise<DecisionListDto> {
    return this.service.list(auth, query);
  }

  @Get(':id')
  @Access('viewer')
  @ApiOkResponse({ type: DecisionDto, description: 'With its links and activity log.' })
  getDecision(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DecisionIdParams,
  ): Promise<DecisionDto> {
    return this.service.get(auth, params.id);
  }

  @Patch(':id')
  @Access('member')
  @ApiOkResponse({ type: DecisionDto })
  updateDecision(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DecisionIdParams,
    @Body() dto: UpdateDecisionDto,
  ): Promise<DecisionDto> {
    return this.service.update(auth, params.id, dto);
  }

  @Put(':id/stance')
  @Access('member')
  @ApiOkResponse({
    type: DecisionDto,
    description: 'Your stance taken or changed (one per person); the decision with its tally.',
  })
  setDecisionStance(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DecisionIdParams,
    @Body() dto: SetStanceDto,
  ): Promise<DecisionDto> {
    return this.service.setStance(auth, params.id, dto);
  }

  @Delete(':id/stance')
  @Access('member')
  @ApiOkResponse({ type: DecisionDto, description: 'Your stance withdrawn.' })
  withdrawDecisionStance(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DecisionIdParams,
  ): Promise<DecisionDto> {
    return this.service.setStance(auth, params.id, null);
  }

  @Post(':id/supersede')
  @Access('editor')
  @Idempotent()
  @ApiCreatedResponse({
    type: DecisionDto,
    description: 'The new decision, accepted; the old one is superseded and both are linked.',
  })
  supersedeDecision(
    @CurrentAuth() auth: AuthContext,
    @Param() params: DecisionIdParams,
    @Body() dto: CreateDecisionDto,
  ): Promise<DecisionDto> {
    return this.service.supersede(auth, params.id, dto);
  }
}
