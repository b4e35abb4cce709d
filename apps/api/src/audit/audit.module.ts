import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** The audit trail as the API shows it (the trail itself and its anchors are infrastructure's AuditModule). */
@Module({
  controllers: [AuditController],
})
export class AuditApiModule {}
