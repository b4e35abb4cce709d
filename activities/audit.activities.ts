import { Injectable, Logger } from '@nestjs/common';
import { AncoreAudit } from '../libs/infrastructure/src/audit/ancore';
import { VerificaRegistro } from '../libs/infrastructure/src/audit/verifica-registro';

/** The outcome of the scheduled full verification, as its workflow returns it (visible in its history). */
export interface EsitoVerificaCompleta {
  valid: boolean;
  checked: number;
  firstBrokenId?: number;
  reason?: string;
  ancore: { valido: boolean; verificate: number; problemi: string[] };
}

/**
 * The audit trail's anchoring, run by its schedule and after each draw period's reveal, and its full verification,
 * run by its own schedule. Idempotent (no change, no anchor; a verification only reads).
 */
@Injectable()
export class AuditActivities {
  private readonly log = new Logger(AuditActivities.name);

  constructor(
    private readonly ancore: AncoreAudit,
    private readonly verifica: VerificaRegistro,
  ) {}

  async ancoraAudit(input: { motivo: string }): Promise<{ chiave: string; auditId: number | null } | null> {
    const a = await this.ancore.ancora(input.motivo);
    return a ? { chiave: a.chiave, auditId: a.contenuto.audit?.id ?? null } : null;
  }

  /**
   * Recomputes the whole chain from the first row and checks every anchor (what GET /audit/verifica?completa=true
   * does): the one check that finds a row edited before the last anchor with its stored hash left as it was. A
   * broken chain is logged as an error, with the first broken row and every anchor's problem.
   */
  async verificaRegistroCompleta(): Promise<EsitoVerificaCompleta> {
    const e = await this.verifica.verifica(true);
    const esito: EsitoVerificaCompleta = {
      valid: e.valid,
      checked: e.checked,
      ...(e.firstBrokenId !== undefined ? { firstBrokenId: e.firstBrokenId, reason: e.reason } : {}),
      ancore: { valido: e.ancore.valido, verificate: e.ancore.verificate, problemi: e.ancore.problemi },
    };
    if (!e.valid)
      this.log.error(
        `registro di audit non valido: ${e.firstBrokenId !== undefined ? `riga ${e.firstBrokenId}: ${e.reason}` : 'la catena regge'}; ancore: ${e.ancore.problemi.join('; ') || 'concordano'}`,
      );
    else this.log.log(`registro di audit verificato per intero: ${e.checked} righe, ${e.ancore.verificate} ancore`);
    return esito;
  }
}
