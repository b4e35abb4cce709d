import { Global, Module } from '@nestjs/common';
import { AncoreAudit } from './ancore';
import { AncoreRepository } from './ancore.repository';
import { AuditTrail } from './audit.trail';

@Global()
@Module({ providers: [AncoreRepository, AuditTrail, AncoreAudit], exports: [AuditTrail, AncoreAudit] })
export class AuditModule {}
