import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { AuditFilterQuery, AuditPageDto, AuditQuery } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Access('admin')
@Controller('admin')
export class AuditController {
  constructor(private readonly service: AuditService) {}

  @Get('audit')
  @ApiOkResponse({ type: AuditPageDto, description: 'Newest first.' })
  listAuditEvents(@Query() query: AuditQuery): Promise<AuditPageDto> {
    return this.service.page(query);
  }

  @Get('audit.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    schema: { type: 'string' },
    description: 'Every event the filters match, newest first, as CSV.',
  })
  exportAuditCsv(@Query() query: AuditFilterQuery): StreamableFile {
    return new StreamableFile(this.service.csv(query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="audit.csv"',
    });
  }
}
