import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Actor, seesEveryOffice, canSeeOffice, praticaWorkflowId } from '@app/domain';
import { AuditTrail, DocumentsService, PraticaEntity, StoredDocument, TemporalClientHolder } from '@app/infrastructure';
import { insertPratica } from '../../../../activities/pratica.activities';
import { decisioneUpdate, documentoCaricatoSignal, invioUpdate } from '../../../../workflows/pratica/pratica.messages';
import type { PraticaWorkflowInput } from '../../../../workflows/pratica/pratica.types';
import { ProblemException, notFound } from '../common/problem';
import { praticaStartOptions } from './pratica-start';
import { CreaPraticaDto, DecisioneDto, InvioDto, PraticaView } from './pratiche.dto';

export function toView(p: PraticaEntity): PraticaView {
  return {
    id: p.id, workflowId: p.workflowId, ufficio: p.ufficio, protocollo: p.protocollo, oggetto: p.oggetto, stato: p.stato,
    creataDa: p.creataDa, creataIl: p.creataIl.toISOString(), aggiornataIl: p.aggiornataIl.toISOString(),
    inviataDa: p.inviataDa, decisione: p.decisione,
  };
}

@Injectable()
export class PraticheService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalClientHolder,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
  ) {}

  /** Starts the workflow (Temporal refuses a second start of the same business key), then records the case. */
  async create(dto: CreaPraticaDto, actor: Actor, requestId?: string): Promise<PraticaView> {
    const input: PraticaWorkflowInput = {
      praticaId: randomUUID(), ufficio: actor.office, protocollo: dto.protocollo, oggetto: dto.oggetto,
      creataDa: actor, creataIl: new Date().toISOString(), requestId,
    };
    const workflowId = praticaWorkflowId(actor.office, dto.protocollo);
    try {
      await this.temporal.client.workflow.start('praticaWorkflow', praticaStartOptions(input, this.temporal.taskQueue));
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ProblemException(409, 'gia-avviata', 'Procedura già avviata',
          `office ${actor.office} already has a case with protocollo ${dto.protocollo}`,
          [{ field: 'protocollo', rule: 'chiave-univoca', message: 'protocollo must be unique within the office', found: dto.protocollo }]);
      }
      throw e;
    }
    await insertPratica(this.db, this.audit, input);
    return {
      id: input.praticaId, workflowId, ufficio: input.ufficio, protocollo: input.protocollo, oggetto: input.oggetto,
      stato: 'aperta', creataDa: actor.sub, creataIl: input.creataIl, aggiornataIl: input.creataIl, inviataDa: null, decisione: null,
    };
  }

  async list(actor: Actor, stato?: string): Promise<PraticaView[]> {
    const where: Record<string, string> = {};
    if (!seesEveryOffice(actor)) where.ufficio = actor.office;
    if (stato) where.stato = stato;
    const rows = await this.db.getRepository(PraticaEntity).find({ where, order: { creataIl: 'DESC' }, take: 200 });
    return rows.map(toView);
  }

  /** A case of another office answers 404, as if it did not exist. */
  async find(id: string, actor: Actor): Promise<PraticaEntity> {
    const p = await this.db.getRepository(PraticaEntity).findOneBy({ id });
    if (!p || !canSeeOffice(actor, p.ufficio)) throw notFound(`pratica ${id}`);
    return p;
  }

  async get(id: string, actor: Actor): Promise<PraticaView> {
    return toView(await this.find(id, actor));
  }

  async invio(id: string, dto: InvioDto, actor: Actor, requestId?: string): Promise<PraticaView> {
    const p = await this.find(id, actor);
    await this.temporal.aggiorna(p.workflowId, invioUpdate, [{ actor, nota: dto.nota, requestId }]);
    return this.get(id, actor);
  }

  async decisione(id: string, dto: DecisioneDto, actor: Actor, requestId?: string): Promise<PraticaView> {
    const p = await this.find(id, actor);
    await this.temporal.aggiorna(p.workflowId, decisioneUpdate, [{ actor, esito: dto.esito, motivazione: dto.motivazione, requestId }]);
    return this.get(id, actor);
  }

  /** Streams the file to storage, records it, and tells the workflow (a reference and its SHA-256, never the bytes). */
  async uploadDocument(id: string, tipo: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const p = await this.find(id, actor);
    if (p.stato !== 'aperta') {
      throw new ProblemException(409, 'regola-violata', 'Operazione rifiutata dalle regole della procedura',
        `documents can be added only while the case is aperta (it is ${p.stato})`,
        [{ field: 'stato', rule: 'pratica-non-modificabile', message: 'documents can be added only while the case is aperta', found: p.stato, limit: 'aperta' }]);
    }
    const doc = await this.documents.upload({ procedura: 'pratica', entitaId: p.id, ufficio: p.ufficio, tipo, nomeFile, actor, requestId }, body);
    await this.temporal.client.workflow.getHandle(p.workflowId).signal(documentoCaricatoSignal, {
      actor, requestId, documento: { documentoId: doc.id, tipo: doc.tipo, sha256: doc.sha256, versione: doc.versione },
    });
    return doc;
  }

  async listDocuments(id: string, actor: Actor): Promise<StoredDocument[]> {
    const p = await this.find(id, actor);
    return this.documents.listFor({ procedura: 'pratica', entitaId: p.id });
  }
}
