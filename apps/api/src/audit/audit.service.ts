import { Injectable } from '@nestjs/common';
import { Actor, seesEveryOffice } from '@app/domain';
import { AncoreAudit, AuditTrail } from '@app/infrastructure';
import { leggiCursoreNumero, pagina } from '../common/paginazione';
import { type AuditQuery, type AuditRowView, type ChainCheckView, LIMITE_AUDIT } from './audit.dto';

/** The audit trail as the API reads it: a page of rows, and the verification of the chain against the anchors. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditTrail,
    private readonly ancore: AncoreAudit,
  ) {}

  /** The rows of an entity (or of a kind), oldest first, a page at a time (see common/paginazione); the caller's office's only, unless they see every office. */
  async elenco(q: AuditQuery, actor: Actor): Promise<{ righe: AuditRowView[]; successivo?: string }> {
    const [entita, ...rest] = (q.entity ?? '').split(':');
    const limite = q.limite ?? LIMITE_AUDIT;
    const rows = await this.audit.list(
      {
        entita: entita || undefined,
        entitaId: rest.join(':') || undefined,
        ufficio: seesEveryOffice(actor) ? undefined : actor.office,
        dopoId: q.dopo ? leggiCursoreNumero(q.dopo) : undefined,
      },
      limite + 1,
    );
    const { elementi, successivo } = pagina(rows, limite, (r) => [r.id]);
    return { righe: elementi.map((r) => ({ ...r, registratoIl: r.registratoIl.toISOString() })), ...(successivo ? { successivo } : {}) };
  }

  /**
   * The chain checked against the anchors in write-once storage. Incremental by default: every anchor's row is
   * checked (a chain re-hashed from an edited row, a forged insert or a deleted tail up to the last anchor changes or
   * removes an anchored row), then only the rows after the last anchor whose row still has its anchored hash are
   * recomputed. `completa` recomputes the whole chain from the first row, which also finds an edit before that
   * anchor that left the row's stored hash as it was (docs/audit.md).
   */
  async verifica(completa: boolean): Promise<ChainCheckView> {
    const ancore = await this.ancore.verifica();
    const { partenza, ...esitoAncore } = ancore;
    const da = completa ? null : partenza;
    const catena = await this.audit.verify(da ? { id: da.auditId, hash: da.hash } : undefined);
    return {
      ...catena,
      valid: catena.valid && ancore.valido,
      modo: completa ? 'completa' : 'incrementale',
      dopoRiga: da?.auditId ?? 0,
      ancoraDiPartenza: da?.chiave ?? null,
      ancore: esitoAncore,
    };
  }
}
