import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  ActionDto,
  ActionIdParams,
  ActionListDto,
  ActionListQuery,
  CalendarFeedDto,
  CreateActionDto,
  UpdateActionDto,
} from './actions.dto.js';
import { ActionsService } from './actions.service.js';
import { Idempotent } from '../idempotency/idempotency.interceptor.js';

export class CalendarTokenParams {
  @ApiProperty({ example: 'abcdefghijklmnopqrstuvwxyz.ics' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}\.ics$/, { message: 'not a calendar feed address' })
  file: string;
}

@ApiTags('actions')
@ApiBearerAuth()
@Controller()
export class ActionsController {
  constructor(private readonly service: ActionsService) {}

  @Get('actions/export.csv')
  @Access('viewer')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="actions.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'The filtered actions as CSV.' })
  exportActionsCsv(
    @CurrentAuth() auth: AuthContext,
    @Query() query: ActionListQuery,
  ): Promise<string> {
    return this.service.exportCsv(auth, query);
  }

  @Post('actions/calendar-feed')
  @Access('viewer')
  @ApiCreatedResponse({ type: CalendarFeedDto })
  rotateCalendarFeed(@CurrentAuth() auth: AuthContext): Promise<CalendarFeedDto> {
    return this.service.rotateCalendar(auth);
  }

  @Delete('actions/calendar-feed')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'The calendar address stops working.' })
  revokeCalendarFeed(@CurrentAuth() auth: AuthContext): Promise<void> {
    return this.service.revokeCalendar(auth);
  }

  /** Calendar apps cannot sign in: the secret in the address is the credential. */
  @Get('calendar/:file')
  @Access('public')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' }, description: "The owner's due dates (iCalendar)." })
  getCalendarFeed(@Param() params: CalendarTokenParams): Promise<string> {
    return this.service.calendar(params.file.replace(/\.ics$/, ''));
  }

  @Post('actions')
  @Access('member')
  @Idempotent()
  @ApiCreatedResponse({ type: ActionDto })
  createAction(@CurrentAuth() auth: AuthContext, @Body() dto: CreateActionDto): Promise<ActionDto> {
    return this.service.create(auth, dto);
  }

  @Get('actions')
  @Access('viewer')
  @ApiOkResponse({ type: ActionListDto })
  listActions(
    @CurrentAuth() auth: AuthContext,
    @Query() query: ActionListQuery,
  ): Promise<ActionListDto> {
    return this.service.list(auth, query);
  }

  @Get('actions/:id')
  @Access('viewer')
  @ApiOkResponse({ type: ActionDto, description: 'With its links and activity log.' })
  getAction(@CurrentAuth() auth: AuthContext, @Param() params: ActionIdParams): Promise<ActionDto> {
    return this.service.get(auth, params.id);
  }

  @Patch('actions/:id')
  @Access('member')
  @ApiOkResponse({ type: ActionDto })
  updateAction(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ActionIdParams,
    @Body() dto: UpdateActionDto,
  ): Promise<ActionDto> {
    return this.service.update(auth, params.id, dto);
  }

  @Put('actions/:id/watch')
  @Access('viewer')
  @ApiOkResponse({ type: ActionDto })
  watchAction(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ActionIdParams,
  ): Promise<ActionDto> {
    return this.service.watch(auth, params.id, true);
  }

  @Delete('actions/:id/watch')
  @Access('viewer')
  @ApiOkResponse({ type: ActionDto })
  unwatchAction(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ActionIdParams,
  ): Promise<ActionDto> {
    return this.service.watch(auth, params.id, false);
  }
}
