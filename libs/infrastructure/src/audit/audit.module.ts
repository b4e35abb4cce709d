import { Global, Module } from '@nestjs/common';
import { AncoreAudit } from './ancore';
import { AncoreRepository } from './ancore.repository';
import { AuditRepository } from './audit.repository';
import { AuditTrail } from './audit.trail';

@Global()
@Module({ providers: [AncoreRepository, AuditRepository, AuditTrail, AncoreAudit], exports: [AuditTrail, AncoreAudit] })
export class AuditModule {}
