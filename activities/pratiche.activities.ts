import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { praticaWorkflowId } from '../workflows/pratiche/pratica.types';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { DocumentsService } from '../libs/infrastructure/src/documents/documents.service';
import { PraticheRepository } from '../libs/infrastructure/src/pratiche/pratiche.repository';
import type {
  DocumentoInput,
  DocumentoRegistrato,
  EmettiRicevutaInput,
  PraticaWorkflowInput,
  RegistraTransizioneInput,
} from '../workflows/pratiche/pratica.types';

/** A UUID derived from a string, so a retried activity produces the same id (and so the same row and object). */
export function stableUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Side effects of the pratica procedure. Each method is idempotent: a retry after a crash (even one that hit after
 * the commit) finds its idempotency key in the audit trail and writes nothing twice.
 */
@Injectable()
export class PraticheActivities {
  constructor(
    private readonly pratiche: PraticheRepository,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
  ) {}

  /** Ensures the case row exists (the API normally wrote it already, right after starting the workflow). */
  async registraPratica(input: PraticaWorkflowInput): Promise<void> {
    await insertPratica(this.pratiche, this.audit, input);
  }

  /** Writes an accepted document's row and audit entry (the bytes are already stored). Idempotent by document id. */
  async registraDocumento(input: { praticaId: string; ufficio: string; documento: DocumentoInput }): Promise<DocumentoRegistrato> {
    const d = input.documento;
    return this.documents.registra(
      { procedura: 'pratica', entitaId: input.praticaId, ufficio: input.ufficio, tipo: d.tipo, nomeFile: d.nomeFile, actor: d.actor, requestId: d.requestId },
      { id: d.documentoId, key: d.storageKey, sha256: d.sha256, size: d.dimensione, contentType: d.contentType },
    );
  }

  async registraTransizione(input: RegistraTransizioneInput): Promise<void> {
    const { transition: t, state } = input;
    await this.pratiche.transazione(async (m) => {
      const fresh = await this.audit.append(m, {
        actor: t.actor,
        procedura: 'pratica',
        entita: 'pratica',
        entitaId: input.praticaId,
        azione: t.azione,
        motivazione: t.motivazione ?? null,
        prima: { stato: t.from },
        dopo: { stato: t.to, ...(t.azione === 'documentoCaricato' ? { documenti: state.documenti.map((d) => d.documentoId) } : {}) },
        requestId: input.requestId,
        idempotencyKey: input.eventKey,
        at: new Date(t.at),
      });
      if (!fresh) return;
      await this.pratiche.aggiorna(m, input.praticaId, {
        stato: state.stato,
        aggiornataIl: new Date(t.at),
        ...(t.azione === 'invio' ? { inviataDa: t.actor.sub } : {}),
        ...(state.decisione ? { decisione: state.decisione } : {}),
      });
    });
  }

  /** Stores the decision receipt as a document: its id comes from the event, so a retry finds it instead of adding one. */
  async emettiRicevuta(input: EmettiRicevutaInput): Promise<{ documentoId: string; sha256: string }> {
    const body = Buffer.from(JSON.stringify({ praticaId: input.praticaId, protocollo: input.protocollo, ufficio: input.ufficio, ...input.decisione }, null, 2));
    const doc = await this.documents.storeGenerated(
      {
        id: stableUuid(`ricevuta:${input.eventKey}`),
        procedura: 'pratica',
        entitaId: input.praticaId,
        ufficio: input.ufficio,
        tipo: 'ricevuta-decisione',
        nomeFile: `ricevuta-${input.protocollo.replace(/[^\w.-]/g, '_')}.json`,
        actor: input.actor,
      },
      body,
      'application/json',
    );
    return { documentoId: doc.id, sha256: doc.sha256 };
  }
}

/** Inserts the case row and its 'creata' audit row once, whoever gets there first (API or workflow). */
export async function insertPratica(pratiche: PraticheRepository, audit: AuditTrail, input: PraticaWorkflowInput): Promise<boolean> {
  return pratiche.transazione(async (m) => {
    const fresh = await audit.append(m, {
      actor: input.creataDa,
      procedura: 'pratica',
      entita: 'pratica',
      entitaId: input.praticaId,
      azione: 'creata',
      dopo: { stato: 'aperta', protocollo: input.protocollo, oggetto: input.oggetto },
      requestId: input.requestId,
      idempotencyKey: `pratica:${input.praticaId}:creata`,
      at: new Date(input.creataIl),
    });
    if (!fresh) return false;
    await pratiche.inserisci(m, {
      id: input.praticaId,
      workflowId: praticaWorkflowId(input.ufficio, input.protocollo),
      ufficio: input.ufficio,
      protocollo: input.protocollo,
      oggetto: input.oggetto,
      creataDa: input.creataDa.sub,
      creataIl: new Date(input.creataIl),
    });
    return true;
  });
}
