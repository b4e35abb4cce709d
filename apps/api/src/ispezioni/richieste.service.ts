import { rifiuto } from '../common/rifiuto';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Actor, RuleViolation, canSeeOffice } from '@app/domain';
import { italianHolidays } from '@app/domain/calendar/festivita';
import type { IspezioneState } from '@app/domain/ispezioni/ispezione.state';
import type { Priorita } from '@app/domain/ispezioni/ispezioni.types';
import { politicaDi } from '@app/domain/ispezioni/politica';
import { TermineIspezioneEsposto, terminiIspezione } from '@app/domain/ispezioni/scadenze';
import { registraRichiestaIntervento, verificaRiassegnazione } from '../../../../activities/ispezioni.activities';
import { ConAttore, ispezioneWorkflowId } from '../../../../workflows/ispezioni/ispezione.types';
import {
  AuditTrail,
  DocumentsService,
  IspettoriRepository,
  RichiestaRow,
  RichiesteRepository,
  StoredDocument,
  TemporalClientHolder,
} from '@app/infrastructure';
import { passiIspezione } from '../../../../workflows/ispezioni/ispezione.messages';
import { LIMITE_PAGINA, leggiCursoreIstante, pagina } from '../common/paginazione';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { notFound, proceduraConclusa } from '../common/problem';
import { RichiestaInterventoDto } from './registro-ispezioni.dto';

/**
 * A request as the API shows it: the stored row with its dates as ISO strings, the procedure's state, why it waits
 * for its draw (if it does), and every term of the inspection with its dates on the Italian calendar.
 */
export type RichiestaView = Omit<RichiestaRow, 'workflowId' | 'statoProcedura' | 'registrataDa' | 'registrataIl' | 'aggiornataIl'> & {
  registrataIl: string;
  procedura: IspezioneState;
  scadenze: TermineIspezioneEsposto[];
};

const festivi = italianHolidays();
/** An inspector who holds no staff role besides: they read only the cases assigned to them. */
const soloIspettore = (actor: Actor) =>
  actor.roles.includes('ispettore') && !actor.roles.some((r) => ['dirigente', 'responsabile', 'operatore', 'amministratore'].includes(r));

/** Intake of intervention requests and the steps of each inspection, which its workflow decides. */
@Injectable()
export class RichiesteService {
  constructor(
    private readonly repo: RichiesteRepository,
    private readonly registro: IspettoriRepository,
    private readonly temporal: TemporalClientHolder,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * Staff of the inspectorate see its requests; an inspector only a case assigned to them now (complaint text
   * included): any other is answered as if it did not exist.
   */
  private async find(id: string, actor: Actor): Promise<RichiestaRow> {
    const r = await this.repo.richiesta(id);
    if (!r || !canSeeOffice(actor, r.ispettorato) || (soloIspettore(actor) && r.ispettoreId !== actor.sub)) throw notFound(`richiesta ${id}`);
    return r;
  }

  private async views(rows: RichiestaRow[], actor: Actor): Promise<RichiestaView[]> {
    const politiche = new Map<string, ReturnType<typeof politicaDi>>();
    const now = new Date();
    const out: RichiestaView[] = [];
    for (const r of rows) {
      if (!politiche.has(r.ispettorato)) politiche.set(r.ispettorato, politicaDi((await this.registro.ispettorato(r.ispettorato))?.politica ?? {}));
      const stato = r.statoProcedura;
      // An abstention's reason is a colleague's own business: an inspector sees who abstained, not why.
      const procedura = soloIspettore(actor) ? { ...stato, astensioni: (stato.astensioni ?? []).map(({ motivo: _m, ...a }) => ({ ...a, motivo: '' })) } : stato;
      out.push({
        id: r.id,
        ispettorato: r.ispettorato,
        fonte: r.fonte,
        aziendaId: r.aziendaId,
        sede: r.sede,
        territorio: r.territorio,
        tipoPratica: r.tipoPratica,
        priorita: r.priorita,
        descrizione: r.descrizione,
        stato: r.stato,
        ispettoreId: r.ispettoreId,
        tentativo: r.tentativo,
        attesa: r.attesa,
        registrataIl: r.registrataIl.toISOString(),
        procedura,
        scadenze: terminiIspezione(stato, r.priorita as Priorita, politiche.get(r.ispettorato)!.termini, festivi, now),
      });
    }
    return out;
  }

  private async view(r: RichiestaRow, actor: Actor): Promise<RichiestaView> {
    return (await this.views([r], actor))[0];
  }

  /** Records the request (the inspectorate is the caller's office) and starts its workflow, which draws an inspector. */
  async crea(dto: RichiestaInterventoDto, actor: Actor, requestId?: string): Promise<RichiestaView> {
    const ispettorato = await this.registro.ispettorato(actor.office);
    const violations: RuleViolation[] = [];
    if (!ispettorato)
      violations.push({
        rule: 'ispettorato-sconosciuto',
        field: 'office',
        message: `l'ufficio ${actor.office} non è un ispettorato registrato`,
        found: actor.office,
      });
    if (!(await this.registro.azienda(dto.aziendaId)))
      violations.push({ rule: 'azienda-sconosciuta', field: 'aziendaId', message: 'registrare prima l’azienda', found: dto.aziendaId });
    if (ispettorato && !ispettorato.territori.includes(dto.territorio)) {
      violations.push({
        rule: 'territorio-non-competente',
        field: 'territorio',
        message: `l’ispettorato è competente per ${ispettorato.territori.join(', ')}`,
        found: dto.territorio,
        limit: ispettorato.territori,
      });
    }
    if (violations.length) throw rifiuto('Richiesta non registrabile', violations);
    const id = randomUUID();
    await registraRichiestaIntervento(this.repo, this.audit, {
      id,
      ispettorato: actor.office,
      fonte: dto.fonte,
      aziendaId: dto.aziendaId,
      sede: dto.sede,
      territorio: dto.territorio,
      tipoPratica: dto.tipoPratica,
      priorita: dto.priorita,
      descrizione: dto.descrizione,
      registrataDa: actor,
      requestId,
    });
    await this.temporal.client.workflow.start('ispezioneWorkflow', {
      taskQueue: this.temporal.taskQueue,
      workflowId: ispezioneWorkflowId(actor.office, id),
      args: [{ richiestaId: id, ispettorato: actor.office }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return this.view((await this.repo.richiesta(id))!, actor);
  }

  async dettaglio(id: string, actor: Actor): Promise<RichiestaView> {
    return this.view(await this.find(id, actor), actor);
  }

  /** Newest first, a page at a time (see common/paginazione): the office's requests, or an inspector's own. */
  async elenco(
    actor: Actor,
    q: { stato?: string; azienda?: string; dopo?: string; limite?: number } = {},
  ): Promise<{ richieste: RichiestaView[]; successivo?: string }> {
    const limite = q.limite ?? LIMITE_PAGINA;
    const ambito = soloIspettore(actor) ? { ispettoreId: actor.sub } : { ispettorato: actor.office };
    const rows = await this.repo.richieste(
      { ...ambito, stato: q.stato, aziendaCodiceFiscale: q.azienda, dopo: q.dopo ? leggiCursoreIstante(q.dopo) : undefined },
      limite + 1,
    );
    const { elementi, successivo } = pagina(rows, limite, (r) => [r.istante, r.id]);
    return { richieste: await this.views(elementi, actor), successivo };
  }

  /**
   * Sends a step to the workflow as an Update (its `defineUpdate` constant types what it carries besides the actor):
   * its validator refuses what the rules forbid, with every reason.
   */
  async applica<A extends ConAttore>(
    id: string,
    update: UpdateDefinition<IspezioneState, [A]>,
    args: Omit<A, keyof ConAttore>,
    actor: Actor,
    requestId?: string,
  ): Promise<RichiestaView> {
    const r = await this.find(id, actor);
    try {
      await this.temporal.aggiorna(r.workflowId, update, [{ ...args, actor, requestId } as A]);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
      throw proceduraConclusa('la richiesta', (await this.repo.richiesta(id))?.stato ?? r.stato);
    }
    return this.view((await this.repo.richiesta(id))!, actor);
  }

  /**
   * A manual reassignment goes only to an inspector eligible for the case as a draw would require (rotation aside
   * only with a stated reason): checked when proposed, when approved (here, 422 listing every failed rule, an unknown
   * inspector included) and once more when applied (by the workflow, which records the manual transcript).
   */
  async riassegna(
    id: string,
    dto: { ispettoreId: string; motivo: string; derogaRotazione?: string },
    actor: Actor,
    requestId?: string,
  ): Promise<RichiestaView> {
    const r = await this.find(id, actor);
    await this.checkRiassegnazione(r, dto.ispettoreId, dto.derogaRotazione);
    return this.applica(id, passiIspezione.riassegnazioneProposta, { ...dto }, actor, requestId);
  }

  async decidiRiassegnazione(id: string, dto: { esito: 'approvata' | 'respinta' }, actor: Actor, requestId?: string): Promise<RichiestaView> {
    const r = await this.find(id, actor);
    const proposta = r.statoProcedura.riassegnazione;
    if (dto.esito === 'approvata' && proposta?.stato === 'proposta') await this.checkRiassegnazione(r, proposta.ispettoreId, proposta.derogaRotazione);
    return this.applica(id, passiIspezione.riassegnazioneDecisa, { ...dto }, actor, requestId);
  }

  private async checkRiassegnazione(r: RichiestaRow, ispettoreId: string, deroga: string | undefined): Promise<void> {
    const astenuti = r.statoProcedura.astenuti ?? [];
    const { violazioni } = await verificaRiassegnazione(this.registro, undefined, r, ispettoreId, deroga, astenuti, new Date());
    if (violazioni.length) {
      throw rifiuto('Riassegnazione non ammessa', violazioni);
    }
  }

  /** A document of the inspection (verbale, diffida, evidence): only the request's own documents can be cited. */
  async caricaDocumento(id: string, tipo: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const r = await this.find(id, actor);
    return this.documents.upload({ procedura: 'ispezioni', entitaId: r.id, ufficio: r.ispettorato, tipo, nomeFile, actor, requestId }, body);
  }

  /**
   * Checks a cited document belongs to the request and has the stated SHA-256; a request the caller may not see is
   * not found first, exactly like a missing one (the check must not tell which document is whose).
   */
  async controllaDocumento(id: string, ref: { documentoId: string; sha256: string }, field: string, actor: Actor): Promise<void> {
    await this.find(id, actor);
    const doc = await this.documents.find(ref.documentoId);
    if (!doc || doc.procedura !== 'ispezioni' || doc.entitaId !== id || doc.sha256 !== ref.sha256) {
      throw rifiuto(
        'Documento non valido',
        [{ field, rule: 'documento-non-valido', message: 'documento sconosciuto, di un’altra richiesta o con SHA-256 diverso', found: ref }],
        'citare un documento caricato su questa richiesta, con il suo SHA-256',
      );
    }
  }
}
