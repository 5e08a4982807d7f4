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
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
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
  ParsedBriefingListDto,
  UpdateBriefingDto,
} from './briefings.dto.js';
import { BriefingsService, RAW_IMPORT_TYPES } from './briefings.service.js';

const IMPORT_TYPES = ['application/json', ...Object.keys(RAW_IMPORT_TYPES)];
/** One briefing, or `{briefings}` when the document held several (a feed, a JSON array). */
const IMPORTED = {
  oneOf: [{ $ref: getSchemaPath(BriefingDto) }, { $ref: getSchemaPath(BriefingListDto) }],
};

@ApiTags('briefings')
@ApiBearerAuth()
@ApiExtraModels(BriefingDto, BriefingListDto)
@Controller('briefings')
export class BriefingsController {
  constructor(private readonly service: BriefingsService) {}

  @Get()
  @Access('viewer')
  @ApiOkResponse({ type: BriefingPageDto, description: 'Newest first.' })
  listBriefings(
    @CurrentAuth() auth: AuthContext,
    @Query() query: BriefingListQuery,
  ): Promise<BriefingPageDto> {
    return this.service.list(auth, query);
  }

  @Get('filters')
  @Access('viewer')
  @ApiOkResponse({ type: BriefingFiltersDto })
  getBriefingFilters(@CurrentAuth() auth: AuthContext): Promise<BriefingFiltersDto> {
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
  @ApiCreatedResponse({ schema: IMPORTED, description: 'New.' })
  @ApiOkResponse({
    schema: IMPORTED,
    description: 'The same title and date was imported before: updated in place.',
  })
  async importBriefing(
    @CurrentAuth() auth: AuthContext,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BriefingDto | BriefingListDto> {
    const result = await this.service.import(auth, { contentType, body });
    void reply.status(result.created ? 201 : 200);
    return result.briefings.length === 1 ? result.briefings[0] : { briefings: result.briefings };
  }

  @Post('preview')
  @HttpCode(200)
  @Access('editor')
  @ApiConsumes(...IMPORT_TYPES)
  @ApiBody({ type: ImportBriefingDto })
  @ApiOkResponse({ type: ParsedBriefingListDto, description: 'Parsed; nothing is stored.' })
  async previewBriefing(
    @CurrentAuth() auth: AuthContext,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<ParsedBriefingListDto> {
    return { briefings: await this.service.preview(auth, { contentType, body }) };
  }

  @Get(':id')
  @Access('viewer')
  @ApiOkResponse({ type: BriefingDto })
  getBriefing(
    @CurrentAuth() auth: AuthContext,
    @Param() params: BriefingRefParams,
  ): Promise<BriefingDto> {
    return this.service.get(auth, params.id);
  }

  @Put(':id/read')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'Marked read.' })
  markBriefingRead(
    @CurrentAuth() auth: AuthContext,
    @Param() params: BriefingIdParams,
  ): Promise<void> {
    return this.service.markRead(auth, params.id);
  }

  @Patch(':id')
  @Access('editor')
  @ApiOkResponse({ type: BriefingDto })
  updateBriefing(
    @CurrentAuth() auth: AuthContext,
    @Param() params: BriefingIdParams,
    @Body() dto: UpdateBriefingDto,
  ): Promise<BriefingDto> {
    return this.service.update(auth, params.id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('editor')
  @ApiNoContentResponse({ description: 'Deleted, with its threads and comments.' })
  deleteBriefing(
    @CurrentAuth() auth: AuthContext,
    @Param() params: BriefingIdParams,
  ): Promise<void> {
    return this.service.remove(auth, params.id);
  }
}
