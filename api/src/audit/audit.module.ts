import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/** Global so any feature can inject AuditLog without importing this module. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditLog, AuditService],
  exports: [AuditLog, AuditRepository],
})
export class AuditModule {}
