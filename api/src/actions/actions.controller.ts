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
import { Idempotent } from '../idempotency/idempotency.interceptor.js';

export class CalendarTokenParams {
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
  exportCsv(@CurrentAuth() auth: AuthContext, @Query() query: ActionListQuery): Promise<string> {
    return this.service.exportCsv(auth, query);
  }

  @Post('actions/calendar-feed')
  @Access('viewer')
  rotateCalendar(@CurrentAuth() auth: AuthContext): Promise<{ url: string }> {
    return this.service.rotateCalendar(auth);
  }

  @Delete('actions/calendar-feed')
  @HttpCode(204)
  @Access('viewer')
  revokeCalendar(@CurrentAuth() auth: AuthContext): Promise<void> {
    return this.service.revokeCalendar(auth);
  }

  /** Calendar apps cannot sign in: the secret in the address is the credential. */
  @Get('calendar/:file')
  @Access('public')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  calendar(@Param() params: CalendarTokenParams): Promise<string> {
    return this.service.calendar(params.file.replace(/\.ics$/, ''));
  }

  @Post('actions')
  @Access('member')
  @Idempotent()
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateActionDto): Promise<ActionDto> {
    return this.service.create(auth, dto);
  }

  @Get('actions')
  @Access('viewer')
  list(
    @CurrentAuth() auth: AuthContext,
    @Query() query: ActionListQuery,
  ): Promise<{ actions: ActionDto[] }> {
    return this.service.list(auth, query);
  }

  @Get('actions/:id')
  @Access('viewer')
  get(@CurrentAuth() auth: AuthContext, @Param() params: ActionIdParams): Promise<ActionDto> {
    return this.service.get(auth, params.id);
  }

  @Patch('actions/:id')
  @Access('member')
  update(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ActionIdParams,
    @Body() dto: UpdateActionDto,
  ): Promise<ActionDto> {
    return this.service.update(auth, params.id, dto);
  }

  @Put('actions/:id/watch')
  @Access('viewer')
  watch(@CurrentAuth() auth: AuthContext, @Param() params: ActionIdParams): Promise<ActionDto> {
    return this.service.watch(auth, params.id, true);
  }

  @Delete('actions/:id/watch')
  @Access('viewer')
  unwatch(@CurrentAuth() auth: AuthContext, @Param() params: ActionIdParams): Promise<ActionDto> {
    return this.service.watch(auth, params.id, false);
  }
}
