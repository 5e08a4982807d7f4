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
import { Optional } from '../common/validation.js';
import { VISIBILITIES, type Visibility } from './briefing.entity.js';
import { BriefingDto, BriefingListDto } from './briefings.dto.js';
import { BriefingsService } from './briefings.service.js';

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

/** Import from a URL: fetched server-side behind the SSRF guard, then imported as if uploaded. */
@ApiTags('briefings')
@ApiBearerAuth()
@ApiExtraModels(BriefingDto, BriefingListDto)
@Controller('briefings')
export class UrlImportController {
  constructor(private readonly service: BriefingsService) {}

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
    const result = await this.service.importUrl(auth, dto);
    void reply.status(result.created ? 201 : 200);
    return result.briefings.length === 1 ? result.briefings[0] : { briefings: result.briefings };
  }
}
