import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  BriefingDto,
  BriefingFiltersDto,
  BriefingIdParams,
  BriefingListDto,
  BriefingListQuery,
  BriefingPageDto,
  BriefingRefParams,
  ImportBriefingDto,
  UpdateBriefingDto,
} from './briefings.dto.js';
import { BriefingsService, RAW_IMPORT_TYPES } from './briefings.service.js';
import type { ParsedBriefing } from './parsing/index.js';

const IMPORT_TYPES = ['application/json', ...Object.keys(RAW_IMPORT_TYPES)];

@ApiTags('briefings')
@ApiBearerAuth()
@Controller('briefings')
export class BriefingsController {
  constructor(private readonly service: BriefingsService) {}

  @Get()
  @Access('viewer')
  list(
    @CurrentAuth() auth: AuthContext,
    @Query() query: BriefingListQuery,
  ): Promise<BriefingPageDto> {
    return this.service.list(auth, query);
  }

  @Get('filters')
  @Access('viewer')
  filters(@CurrentAuth() auth: AuthContext): Promise<BriefingFiltersDto> {
    return this.service.filters(auth);
  }

  @Post('import')
  @Access('editor')
  @ApiConsumes(...IMPORT_TYPES)
  @ApiBody({
    type: ImportBriefingDto,
    description:
      'JSON {content, format?, visibility?, groupIds?}, a canonical briefing, or the raw document.',
  })
  @ApiOkResponse({
    type: BriefingDto,
    description: '201 when new, 200 when the same title and date was imported before.',
  })
  async import(
    @CurrentAuth() auth: AuthContext,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BriefingDto | BriefingListDto> {
    const result = await this.service.import(auth, { contentType, body });
    void reply.status(result.created ? 201 : 200);
    return result.briefings.length === 1
      ? (result.briefings[0] as BriefingDto)
      : { briefings: result.briefings };
  }

  @Post('preview')
  @HttpCode(200)
  @Access('editor')
  @ApiConsumes(...IMPORT_TYPES)
  @ApiBody({ type: ImportBriefingDto })
  async preview(
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<{ briefings: ParsedBriefing[] }> {
    return { briefings: await this.service.preview({ contentType, body }) };
  }

  @Get(':id')
  @Access('viewer')
  get(@CurrentAuth() auth: AuthContext, @Param() params: BriefingRefParams): Promise<BriefingDto> {
    return this.service.get(auth, params.id);
  }

  @Put(':id/read')
  @HttpCode(204)
  @Access('viewer')
  markRead(@CurrentAuth() auth: AuthContext, @Param() params: BriefingIdParams): Promise<void> {
    return this.service.markRead(auth, params.id);
  }

  @Patch(':id')
  @Access('editor')
  update(
    @CurrentAuth() auth: AuthContext,
    @Param() params: BriefingIdParams,
    @Body() dto: UpdateBriefingDto,
  ): Promise<BriefingDto> {
    return this.service.update(auth, params.id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('editor')
  remove(@CurrentAuth() auth: AuthContext, @Param() params: BriefingIdParams): Promise<void> {
    return this.service.remove(auth, params.id);
  }
}
