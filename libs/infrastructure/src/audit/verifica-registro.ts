import { Injectable } from '@nestjs/common';
import { AncoreAudit, EsitoAncore } from './ancore';
import type { ChainCheck } from './audit-chain';
import { AuditTrail } from './audit.trail';

/** What a verification of the audit trail found, and how it walked it. */
export interface EsitoVerificaRegistro extends ChainCheck {
  /** The chain holds where it was recomputed and agrees with every anchor. */
  valid: boolean;
  modo: 'incrementale' | 'completa';
  /** The rows recomputed are those after this one (0: from the first). */
  dopoRiga: number;
  /** The anchor the incremental walk started from (null for the full walk, or when no anchor agrees). */
  ancoraDiPartenza: string | null;
  ancore: Omit<EsitoAncore, 'partenza'>;
}

/**
 * The audit trail checked against its anchors. Every anchor is checked against its row (a chain re-hashed from an
 * edited row, a forged insert or a deleted tail up to the last anchor changes or removes an anchored row's hash).
 * Then the hash chain is recomputed: incrementally, only the rows after the last anchor whose row still has its
 * anchored hash, so the cost follows what was written since the last anchor, not the trail's length; or in full,
 * from the first row, which also finds the one edit the anchors cannot see: a row before that anchor changed with
 * its stored hash left as it was (docs/audit.md). The API answers the incremental one by default; the worker runs
 * the full one on a schedule (`verificaRegistroWorkflow`).
 */
@Injectable()
export class VerificaRegistro {
  constructor(
    private readonly audit: AuditTrail,
    private readonly ancore: AncoreAudit,
  ) {}

  async verifica(completa: boolean): Promise<EsitoVerificaRegistro> {
    const { partenza, ...ancore } = await this.ancore.verifica();
    const da = completa ? null : partenza;
    const catena = await this.audit.verify(da ? { id: da.auditId, hash: da.hash } : undefined);
    return {
      ...catena,
      valid: catena.valid && ancore.valido,
      modo: completa ? 'completa' : 'incrementale',
      dopoRiga: da?.auditId ?? 0,
      ancoraDiPartenza: da?.chiave ?? null,
      ancore,
    };
  }
}
