import { rifiuto } from '../common/rifiuto';
import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Actor, seesEveryOffice, canSeeOffice } from '@app/domain';
import { AuditTrail, DocumentsService, PraticaEntity, PraticheRepository, StoredDocument, TemporalClientHolder } from '@app/infrastructure';
import { dipendenzaNonDisponibile } from '../common/indisponibile';
import { insertPratica } from '../../../../activities/pratiche.activities';
import { documentoUpdate, passiPratica } from '../../../../workflows/pratiche/pratica.messages';
import { praticaWorkflowId, type PraticaWorkflowInput } from '../../../../workflows/pratiche/pratica.types';
import { LIMITE_PAGINA, leggiCursoreIstante, pagina } from '../common/paginazione';
import { ProblemException, notFound } from '../common/problem';
import { praticaStartOptions } from './pratica-start';
import { CreaPraticaDto, DecisioneDto, InvioDto, PraticaView } from './pratiche.dto';

export function toView(p: PraticaEntity): PraticaView {
  return {
    id: p.id,
    workflowId: p.workflowId,
    ufficio: p.ufficio,
    protocollo: p.protocollo,
    oggetto: p.oggetto,
    stato: p.stato,
    creataDa: p.creataDa,
    creataIl: p.creataIl.toISOString(),
    aggiornataIl: p.aggiornataIl.toISOString(),
    inviataDa: p.inviataDa,
    decisione: p.decisione,
  };
}

@Injectable()
export class PraticheService {
  constructor(
    private readonly repo: PraticheRepository,
    private readonly temporal: TemporalClientHolder,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
  ) {}

  /** Starts the workflow (Temporal refuses a second start of the same business key), then records the case. */
  async crea(dto: CreaPraticaDto, actor: Actor, requestId?: string): Promise<PraticaView> {
    const input: PraticaWorkflowInput = {
      praticaId: randomUUID(),
      ufficio: actor.office,
      protocollo: dto.protocollo,
      oggetto: dto.oggetto,
      creataDa: actor,
      creataIl: new Date().toISOString(),
      requestId,
    };
    const workflowId = praticaWorkflowId(actor.office, dto.protocollo);
    try {
      await this.temporal.client.workflow.start('praticaWorkflow', praticaStartOptions(input, this.temporal.taskQueue));
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) {
        // Name the existing case, so a client whose first answer was lost finds what it created. Its row may still be
        // on its way (the procedure writes it too, if the API could not): then the protocollo is the way to it.
        const esistente = await this.repo.perProtocollo(actor.office, dto.protocollo);
        throw new ProblemException(
          409,
          'gia-avviata',
          'Procedura già avviata',
          `l'ufficio ${actor.office} ha già una pratica con protocollo ${dto.protocollo}`,
          [{ field: 'protocollo', rule: 'chiave-univoca', message: 'il protocollo è già usato da una pratica di questo ufficio', found: dto.protocollo }],
          esistente ? { headers: { Location: `/api/v1/pratiche/${esistente.id}` }, estensioni: { id: esistente.id } } : {},
        );
      }
      throw e;
    }
    await insertPratica(this.repo, this.audit, input);
    return {
      id: input.praticaId,
      workflowId,
      ufficio: input.ufficio,
      protocollo: input.protocollo,
      oggetto: input.oggetto,
      stato: 'aperta',
      creataDa: actor.sub,
      creataIl: input.creataIl,
      aggiornataIl: input.creataIl,
      inviataDa: null,
      decisione: null,
    };
  }

  /**
   * Newest first, `limite` at a time (at most 200); `dopo` is the cursor of the last case of the previous page
   * (returned as `successivo`), so every case is reachable however many there are.
   */
  async elenco(
    actor: Actor,
    filtri: { stato?: string; protocollo?: string; dopo?: string; limite?: number } = {},
  ): Promise<{ pratiche: PraticaView[]; successivo?: string }> {
    const limite = filtri.limite ?? LIMITE_PAGINA;
    const rows = await this.repo.elenco(
      {
        ufficio: seesEveryOffice(actor) ? undefined : actor.office,
        stato: filtri.stato,
        protocollo: filtri.protocollo,
        dopo: filtri.dopo ? leggiCursoreIstante(filtri.dopo) : undefined,
      },
      limite + 1,
    );
    const { elementi, successivo } = pagina(rows, limite, (p) => [p.istante, p.id]);
    return { pratiche: elementi.map(toView), ...(successivo ? { successivo } : {}) };
  }

  /** A case of another office answers 404, as if it did not exist. */
  async trova(id: string, actor: Actor): Promise<PraticaEntity> {
    const p = await this.repo.pratica(id);
    if (!p || !canSeeOffice(actor, p.ufficio)) throw notFound(`pratica ${id}`);
    return p;
  }

  async dettaglio(id: string, actor: Actor): Promise<PraticaView> {
    return toView(await this.trova(id, actor));
  }

  async invia(id: string, dto: InvioDto, actor: Actor, requestId?: string): Promise<PraticaView> {
    const p = await this.trova(id, actor);
    await this.passo(p, () => this.temporal.aggiorna(p.workflowId, passiPratica.invio, [{ actor, nota: dto.nota, requestId }]));
    return this.dettaglio(id, actor);
  }

  async decidi(id: string, dto: DecisioneDto, actor: Actor, requestId?: string): Promise<PraticaView> {
    const p = await this.trova(id, actor);
    await this.passo(p, () =>
      this.temporal.aggiorna(p.workflowId, passiPratica.decisione, [{ actor, esito: dto.esito, motivazione: dto.motivazione, requestId }]),
    );
    return this.dettaglio(id, actor);
  }

  /**
   * A step on a case whose procedure has ended (a decision closes it) is a conflict with its state, not a missing
   * resource: a client retrying a decision whose answer it lost reads that the case is already decided.
   */
  private async passo(p: PraticaEntity, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
      throw stateConflict((await this.repo.pratica(p.id)) ?? p);
    }
  }

  /** Streams the file to storage, records it, and tells the workflow (a reference and its SHA-256, never the bytes). */
  async caricaDocumento(id: string, tipo: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const p = await this.trova(id, actor);
    if (p.stato !== 'aperta') {
      throw rifiuto(
        'Operazione rifiutata dalle regole della procedura',
        [{ field: 'stato', rule: 'pratica-non-modificabile', message: 'i documenti si aggiungono solo a pratica aperta', found: p.stato, limit: 'aperta' }],
        `i documenti si aggiungono solo a pratica aperta (è ${p.stato})`,
      );
    }
    // The bytes first; then the procedure accepts the document and records it itself, or refuses it (a submission
    // got there first: 409) and the bytes go. If the procedure cannot be reached (503) the bytes stay: it may still
    // take the document when it can, and if it never does the reconciliation removes them.
    const obj = await this.documents.conserva({ procedura: 'pratica', entitaId: p.id, ufficio: p.ufficio, tipo, nomeFile, actor, requestId }, body);
    try {
      return await this.temporal.aggiorna(
        p.workflowId,
        documentoUpdate,
        [
          {
            actor,
            requestId,
            documentoId: obj.id,
            tipo,
            nomeFile,
            contentType: obj.contentType,
            dimensione: obj.size,
            sha256: obj.sha256,
            storageKey: obj.key,
          },
        ],
        `documento-${obj.id}`,
      );
    } catch (e) {
      if (!dipendenzaNonDisponibile(e)) await this.documents.scarta(obj);
      if (e instanceof WorkflowNotFoundError) throw stateConflict(p);
      throw e;
    }
  }

  async documenti(id: string, actor: Actor): Promise<StoredDocument[]> {
    const p = await this.trova(id, actor);
    return this.documents.listFor({ procedura: 'pratica', entitaId: p.id });
  }
}

/** A step on a case whose procedure has ended: 409 with its state (it was decided), not 404. */
function stateConflict(p: PraticaEntity): ProblemException {
  return new ProblemException(
    409,
    'pratica-chiusa',
    'Operazione rifiutata dalle regole della procedura',
    `la pratica è ${p.stato}${p.decisione ? ` (decisa da ${p.decisione.decisaDa} il ${p.decisione.decisaIl})` : ''}: la sua procedura è conclusa`,
    [{ field: '', rule: 'pratica-chiusa', message: `la pratica è già ${p.stato}`, found: p.stato }],
  );
}
