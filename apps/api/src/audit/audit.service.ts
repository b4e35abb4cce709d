import { Injectable } from '@nestjs/common';
import { Actor, seesEveryOffice } from '@app/domain';
import { AuditTrail, VerificaRegistro } from '@app/infrastructure';
import { leggiCursoreNumero, pagina } from '../common/paginazione';
import { type AuditQuery, type AuditRowView, type ChainCheckView, LIMITE_AUDIT } from './audit.dto';

/** The audit trail as the API reads it: a page of rows, and the verification of the chain against the anchors. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditTrail,
    private readonly verificaRegistro: VerificaRegistro,
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

  /** The chain checked against the anchors: incremental by default, in full with `completa` (VerificaRegistro). */
  verifica(completa: boolean): Promise<ChainCheckView> {
    return this.verificaRegistro.verifica(completa);
  }
}
