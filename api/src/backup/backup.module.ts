import { Module } from '@nestjs/common';
import { BackupController } from './backup.controller.js';
import { BackupService } from './backup.service.js';

/** Export of everything for backups and moves (`docs/operations.md`); restore is a CLI. */
@Module({
  controllers: [BackupController],
  providers: [BackupService],
})
export class BackupModule {}
