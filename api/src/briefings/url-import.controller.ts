import { Body, Controller, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { trim } from '../common/dto-transforms.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Optional } from '../common/validation.js';
import { OutboundFetcher, type OutboundResponse } from '../outbound/outbound-fetcher.js';
import { VISIBILITIES, type Visibility } from './briefing.entity.js';
import { BriefingDto, BriefingListDto } from './briefings.dto.js';
import { BriefingsService, MAX_BRIEFING_BYTES, RAW_IMPORT_TYPES } from './briefings.service.js';

/** What a URL may serve to be imported: the raw import's types and JSON. */
export const URL_IMPORT_TYPES = [...Object.keys(RAW_IMPORT_TYPES), 'application/json'];

export class ImportUrlDto {
  @ApiProperty({ example: 'https://example.com/briefings/2026-05-07', maxLength: 2048 })
  @Transform(trim)
  @IsString()
  @Length(1, 2048)
  url: string;

  @ApiPropertyOptional({ enum: VISIBILITIES, enumName: 'Visibility', default: 'team' })
  @Optional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({
    type: [String],
    description: 'Groups that may read a restricted briefing.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({
    example: '2026-05-07',
    description: 'The date for a page that states none (default today); a stated date wins.',
  })
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'publishedOn must be a date like 2026-05-07' })
  publishedOn?: string;
}

const IMPORTED = {
  oneOf: [{ $ref: getSchemaPath(BriefingDto) }, { $ref: getSchemaPath(BriefingListDto) }],
};

/** A JSON document is read here (the import takes parsed JSON); every other type as its raw bytes. */
function importBody(page: OutboundResponse): { contentType: string; body: unknown } {
  const contentType = page.contentType ?? 'text/plain';
  if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/json')
    return { contentType, body: page.bytes };
  try {
    return { contentType: 'application/json', body: JSON.parse(page.bytes.toString('utf8')) };
  } catch {
    throw new DomainError('UNPARSEABLE_BRIEFING', 'The URL serves JSON that does not parse.');
  }
}

/** Import from a URL: fetched server-side behind the SSRF guard, then imported as if uploaded. */
@ApiTags('briefings')
@ApiBearerAuth()
@ApiExtraModels(BriefingDto, BriefingListDto)
@Controller('briefings')
export class UrlImportController {
  constructor(
    private readonly fetcher: OutboundFetcher,
    private readonly service: BriefingsService,
  ) {}

  @Post('import-url')
  @Access('editor')
  @ApiCreatedResponse({ schema: IMPORTED, description: 'New.' })
  @ApiOkResponse({
    schema: IMPORTED,
    description: 'The same title and date was imported before: updated in place.',
  })
  async importBriefingFromUrl(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ImportUrlDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BriefingDto | BriefingListDto> {
    const page = await this.fetcher.fetch(dto.url, {
      accept: URL_IMPORT_TYPES,
      maxBytes: MAX_BRIEFING_BYTES,
    });
    const result = await this.service.import(auth, {
      ...importBody(page),
      overrides: {
        visibility: dto.visibility,
        groupIds: dto.groupIds,
        publishedOn: dto.publishedOn,
        sourceUrl: page.finalUrl,
      },
    });
    void reply.status(result.created ? 201 : 200);
    return result.briefings.length === 1 ? result.briefings[0] : { briefings: result.briefings };
  }
}
