import { Global, Module } from '@nestjs/common';
import { AncoreAudit } from './ancore';
import { AuditTrail } from './audit.trail';

@Global()
@Module({ providers: [AuditTrail, AncoreAudit], exports: [AuditTrail, AncoreAudit] })
export class AuditModule {}
