import { Injectable } from '@nestjs/common';
import { AncoreAudit } from '../libs/infrastructure/src/audit/ancore';

/** The audit trail's anchoring, run by its schedule and after each draw period's reveal. Idempotent (no change, no anchor). */
@Injectable()
export class AuditActivities {
  constructor(private readonly ancore: AncoreAudit) {}

  async ancoraAudit(input: { motivo: string }): Promise<{ chiave: string; auditId: number | null } | null> {
    const a = await this.ancore.ancora(input.motivo);
    return a ? { chiave: a.chiave, auditId: a.contenuto.audit?.id ?? null } : null;
  }
}
