import { Global, Module } from '@nestjs/common';
import { AncoreAudit } from './ancore';
import { AncoreRepository } from './ancore.repository';
import { AuditRepository } from './audit.repository';
import { AuditTrail } from './audit.trail';
import { VerificaRegistro } from './verifica-registro';

@Global()
@Module({
  providers: [AncoreRepository, AuditRepository, AuditTrail, AncoreAudit, VerificaRegistro],
  exports: [AuditTrail, AncoreAudit, VerificaRegistro],
})
export class AuditModule {}
