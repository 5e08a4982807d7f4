import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { BackupService } from './backup.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Access('admin')
@Controller('admin')
export class BackupController {
  constructor(private readonly service: BackupService) {}

  @Get('export')
  @ApiProduces('application/gzip')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description:
      'Everything (briefings, threads with history, actions, decisions, links, users without secrets, groups, settings) as one versioned archive: gzipped NDJSON, loaded by `npm run restore`. Audited as admin.export.downloaded.',
  })
  async exportArchive(@CurrentAuth() auth: AuthContext): Promise<StreamableFile> {
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    return new StreamableFile(await this.service.export(auth), {
      type: 'application/gzip',
      disposition: `attachment; filename="briefroom-export-${stamp}.ndjson.gz"`,
    });
  }
}
