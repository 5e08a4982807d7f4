import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { ActionListDto } from './actions.dto.js';
import { ActionsService } from './actions.service.js';

export class FollowUpBriefingParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

/** What a briefing page shows under "open follow-ups from earlier briefings on the same topics". */
@ApiTags('actions')
@ApiBearerAuth()
@Controller('briefings')
export class FollowUpsController {
  constructor(private readonly service: ActionsService) {}

  @Get(':id/follow-ups')
  @Access('viewer')
  @ApiOkResponse({ type: ActionListDto })
  listBriefingFollowUps(
    @CurrentAuth() auth: AuthContext,
    @Param() params: FollowUpBriefingParams,
  ): Promise<ActionListDto> {
    return this.service.followUps(auth, params.id);
  }
}
