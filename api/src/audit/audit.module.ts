import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { AuditRepository } from './audit.repository.js';

/** Global so any feature can inject AuditLog without importing this module. */
@Global()
@Module({
  providers: [AuditRepository, AuditLog],
  exports: [AuditLog, AuditRepository],
})
export class AuditModule {}
