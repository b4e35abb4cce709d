import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit trail as the API shows it (the trail itself and its anchors are infrastructure's AuditModule). */
@Module({
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditApiModule {}
