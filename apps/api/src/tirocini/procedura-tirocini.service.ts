import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Actor } from '@app/domain';
import { addDays } from '@app/domain/calendar/calendario';
import { italianHolidays } from '@app/domain/calendar/festivita';
import {
  ContestoControlli,
  DocumentoAllegato,
  RegioneTirocini,
  TipoDocumentoTirocinio,
  terminePerIntegrazioni,
  TirocinioState,
  controlliPrimoLivello,
  decideTirocinio,
  initialTirocinioState,
  prossimaAzione,
  regolePerData,
  regolePerVersione,
} from '@app/domain/tirocini';
import { controlliProroga } from '@app/domain/tirocini/controlli';
import { ConteggioDipendenti, controlloSede, dipendentiInVigore } from '@app/domain/tirocini/dipendenti';
import { adessoLogico, oggi } from '@app/domain/tirocini/orologio';
import {
  AppConfig,
  AuditTrail,
  DocumentsService,
  Sede,
  SoggettiRepository,
  StoredDocument,
  TemporalClientHolder,
  TirocinantiRepository,
  TirociniRepository,
  TirocinioRow,
} from '@app/infrastructure';
import type { EntityManager } from 'typeorm';
import { passiTirocinio } from '../../../../workflows/tirocini/tirocinio.messages';
import { ConAttore, Controlli } from '../../../../workflows/tirocini/tirocinio.types';
import { TIPO_WORKFLOW_TIROCINIO, avvioTirocinio } from './avvio-tirocinio';
import { ProblemException } from '../common/problem';
import { rifiuto } from '../common/rifiuto';
import { giornoProcedura } from './registro-tirocini.service';
import { DecisioneDto } from './tirocini.dto';
import { TirociniService, stateConflict } from './tirocini.service';

const festivi = italianHolidays();

/** The site's head count in force on `data` (see dipendentiInVigore); every site has one from its registration. */
function conteggioInVigore(sede: Sede, data: string): ConteggioDipendenti {
  const c = dipendentiInVigore(sede.storicoDipendenti, data);
  if (!c) throw new Error(`sede ${sede.id}: nessun conteggio dei dipendenti registrato`);
  return c;
}

/**
 * The procedure of a submitted practice: submission and integration with the first-level checks, the decision, the
 * proroga, and every other step sent to the workflow. The practice itself (drafts, reading) is TirociniService's.
 */
@Injectable()
export class ProceduraTirociniService {
  constructor(
    private readonly repo: TirociniRepository,
    private readonly soggettiRepo: SoggettiRepository,
    private readonly tirocinantiRepo: TirocinantiRepository,
    private readonly temporal: TemporalClientHolder,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
    private readonly config: AppConfig,
    private readonly tirocini: TirociniService,
  ) {}

  /** Everyone who edited the practice's project or uploaded one of its documents: none of them may decide it. */
  private async editori(m: EntityManager, id: string): Promise<string[]> {
    return this.audit.autori({ entitaId: id, azioni: ['bozza-creata', 'progetto-modificato'], documenti: true }, m);
  }

  /** The latest version of each attached document, as the checks and the procedure see it. */
  private async allegati(r: TirocinioRow): Promise<DocumentoAllegato[]> {
    const docs = await this.documents.listFor({ procedura: 'tirocini', entitaId: r.id });
    const latest = new Map<string, StoredDocument>();
    for (const d of docs) if (!latest.has(d.tipo) || latest.get(d.tipo)!.versione < d.versione) latest.set(d.tipo, d);
    return [...latest.values()].map((d) => ({
      tipo: d.tipo as TipoDocumentoTirocinio,
      documentoId: d.id,
      versione: d.versione,
      sha256: d.sha256,
      contentType: d.contentType,
      firmato: d.firma?.firmato === true,
    }));
  }

  /**
   * Runs the first-level checks inside the caller's transaction, with the practice's row and the rows of the
   * limits it takes a place in locked: a concurrent submission for the same site, tutor or trainee waits here and
   * then counts this one. Returns the violations and the rule pack used.
   */
  private async controlla(m: EntityManager, r: TirocinioRow, data: string) {
    await this.repo.bloccaRisorse(m, r);
    const [occ, sede, tirocinante, ospitante, conv] = await Promise.all([
      this.repo.occupazione(m, r),
      this.soggettiRepo.sede(r.sedeId, m),
      this.tirocinantiRepo.tirocinante(r.tirocinanteId, m),
      this.soggettiRepo.soggetto(r.ospitanteId, m),
      r.progetto.convenzioneId ? this.soggettiRepo.convenzione(String(r.progetto.convenzioneId), m) : Promise.resolve(null),
    ]);
    const dipendenti = conteggioInVigore(sede!, data);
    const contesto: ContestoControlli = {
      dipendentiIndeterminatoSede: dipendenti.dipendentiIndeterminato,
      dipendentiIndeterminatoDal: dipendenti.dal,
      tirociniConcorrentiSede: occ.sede,
      tirociniConcorrentiTutorOspitante: occ.tutorOspitante,
      tirociniConcorrentiTutorPromotore: occ.tutorPromotore,
      tirociniSovrappostiTirocinante: occ.tirocinante,
      convenzione: conv
        ? { id: conv.id, promotoreId: conv.promotoreId, ospitanteId: conv.ospitanteId, validaDal: conv.validaDal, validaAl: conv.validaAl }
        : undefined,
      codiceFiscaleOspitante: ospitante!.codiceFiscale,
      codiceFiscaleTirocinante: tirocinante!.codiceFiscale,
      dataNascitaTirocinante: tirocinante!.dataNascita,
    };
    const regole = regolePerData(r.regione as RegioneTirocini, data);
    const documenti = await this.allegati(r);
    const violazioni = controlliPrimoLivello({ progetto: r.progetto, documenti, contesto, regole, oggi: data });
    return {
      violazioni,
      regole,
      documenti,
      controlloSede: controlloSede(r.sedeId, dipendenti, occ.sede, regole),
      controlloTirocinante: { tirocinanteId: r.tirocinanteId, codiceFiscale: tirocinante!.codiceFiscale, dataNascita: tirocinante!.dataNascita },
    };
  }

  /**
   * Submission: the first-level checks answer with every violation at once; a clean draft is submitted, holds its
   * place from now on, and its workflow starts. Asking again after a failed start only starts the workflow.
   */
  async invia(id: string, actor: Actor, requestId?: string) {
    const now = new Date();
    const submitted = await this.repo.transazione(async (m) => {
      const r = await this.tirocini.trova(id, actor, m, true);
      if (r.stato !== 'bozza') return r.stato === 'inviata' ? r.statoProcedura : null;
      const { violazioni, regole, documenti, controlloSede, controlloTirocinante } = await this.controlla(m, r, giornoProcedura(now));
      if (violazioni.length)
        throw new ProblemException(
          422,
          'controlli-primo-livello',
          'Controlli di primo livello non superati',
          `${violazioni.length} violazioni delle regole ${regole.versione}`,
          violazioni.map((v) => ({ field: v.field ?? '', rule: v.rule, message: v.message, found: v.found, limit: v.limit, versioneRegole: v.versioneRegole })),
        );
      const start = initialTirocinioState({
        tirocinioId: r.id,
        ufficio: r.ufficio,
        progetto: r.progetto,
        regole,
        creatoDa: r.creatoDa,
        ultimaModificaDa: r.ultimaModificaDa,
      });
      const d = decideTirocinio(
        start,
        { type: 'invio', actor, versioneRegole: regole.versione, violazioni: [], documenti, editori: await this.editori(m, r.id) },
        now,
      );
      if (!d.ok) throw rifiuto('Invio non ammesso', d.violations);
      const state = d.value.state;
      await this.repo.salvaStato(m, r.id, {
        stato: state.stato,
        statoProcedura: state,
        versioneRegole: regole.versione,
        inviataDa: actor.sub,
        inviataIl: now,
        scadenza: prossimaAzione(state)?.scadenza ?? null,
      });
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: 'tirocinio',
        entitaId: r.id,
        azione: 'invio',
        requestId,
        prima: { stato: 'bozza' },
        // What the checks read that may change later (the site's head count, the trainee's data), so the submission
        // stays explained after a new count or a correction of the trainee.
        dopo: {
          stato: state.stato,
          versioneRegole: regole.versione,
          documenti: documenti.map((x) => ({ tipo: x.tipo, sha256: x.sha256, versione: x.versione })),
          controlloSede,
          controlloTirocinante,
        },
        idempotencyKey: `tirocinio:${r.id}:invio`,
      });
      return state;
    });
    if (!submitted) throw stateConflict((await this.tirocini.trova(id, actor)).stato, ['bozza'], 'l’invio');
    try {
      await this.temporal.client.workflow.start(
        TIPO_WORKFLOW_TIROCINIO,
        avvioTirocinio(id, submitted, this.config.TIROCINI_UNITA_GIORNO_MS, this.temporal.taskQueue),
      );
    } catch (e) {
      if ((e as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw e;
    }
    return this.tirocini.dettaglio(id, actor);
  }

  /** The integration: the amended draft passes the checks again, then the workflow takes it back to review. */
  async integra(id: string, note: string, actor: Actor, requestId?: string) {
    const r = await this.tirocini.trova(id, actor);
    if (r.stato !== 'integrazioni-richieste') throw stateConflict(r.stato, ['integrazioni-richieste'], 'un’integrazione');
    const integrazione = await this.repo.transazione(async (m) => {
      const locked = await this.tirocini.trova(id, actor, m, true);
      const { violazioni, regole, documenti, controlloSede, controlloTirocinante } = await this.controlla(m, locked, giornoProcedura(new Date()));
      if (violazioni.length)
        throw new ProblemException(
          422,
          'controlli-primo-livello',
          'Controlli di primo livello non superati',
          `${violazioni.length} violazioni delle regole ${regole.versione}`,
          violazioni.map((v) => ({ field: v.field ?? '', rule: v.rule, message: v.message, found: v.found, limit: v.limit, versioneRegole: v.versioneRegole })),
        );
      return { documenti, editori: await this.editori(m, id), controlloSede, controlloTirocinante };
    });
    return this.applica(id, passiTirocinio.integrazione, { note, ...integrazione }, actor, requestId);
  }

  /** A decision; for integrazioni the deadline is counted in working days on the procedure's clock. */
  async decidi(id: string, dto: DecisioneDto, actor: Actor, requestId?: string) {
    const r = await this.tirocini.trova(id, actor);
    // Whoever corrected the trainee's identity changed what the checks read (age, overlaps): like an author of the
    // practice, they do not decide it.
    const rettifica = await this.audit.autori({ entita: 'tirocinante', entitaId: r.tirocinanteId, azioni: ['rettificato'], attore: actor.sub });
    if (rettifica.length) {
      throw rifiuto('Decisione non ammessa', [
        {
          rule: 'separazione-funzioni',
          field: 'actor',
          message: 'chi ha rettificato i dati del tirocinante non può decidere le sue pratiche',
          found: actor.sub,
        },
      ]);
    }
    let scadenzaIntegrazioni: string | undefined;
    if (dto.esito === 'integrazioni') {
      scadenzaIntegrazioni = terminePerIntegrazioni(r.statoProcedura, oggi(this.tirocini.orologio(r), new Date()), festivi, dto.giorniLavorativi);
    }
    return this.applica(id, passiTirocinio.decisione, { esito: dto.esito, motivo: dto.motivo, scadenzaIntegrazioni }, actor, requestId);
  }

  /**
   * A proroga takes places for the days it adds: under the same locks as a submission (site, tutors, the person), the
   * site's and tutors' limits and the trainee's other traineeships are counted over the added days, and the Update is
   * sent while the locks are held, so a submission or another proroga for the same places waits and then counts this
   * one (the workflow's activity writes the new end without touching the locked rows). The procedure's own rules
   * (state, maximum duration) are still the workflow's.
   */
  async proroga(id: string, dto: { nuovaDataFine: string; motivo: string }, actor: Actor, requestId?: string) {
    return this.repo.transazione(async (m) => {
      const r = await this.tirocini.trova(id, actor, m);
      // A draft has no procedure state: step() refuses it below.
      const state = r.statoProcedura;
      const dopo = state
        ? decideTirocinio(
            state,
            { type: 'proroga', actor, nuovaDataFine: dto.nuovaDataFine, motivo: dto.motivo },
            adessoLogico(this.tirocini.orologio(r), new Date()),
          )
        : undefined;
      let verificati: Controlli = {};
      if (state && dopo?.ok && r.versioneRegole && dopo.value.state.dataFineEffettiva > state.dataFineEffettiva) {
        await this.repo.bloccaRisorse(m, r);
        const aggiunti = { ...r, dataInizio: addDays(state.dataFineEffettiva, 1), dataFine: dopo.value.state.dataFineEffettiva };
        const [occ, sede, tirocinante] = await Promise.all([
          this.repo.occupazione(m, aggiunti),
          this.soggettiRepo.sede(r.sedeId, m),
          this.tirocinantiRepo.tirocinante(r.tirocinanteId, m),
        ]);
        const regole = regolePerVersione(r.versioneRegole);
        // The count in force on the day of the request, as at submission.
        const dipendenti = conteggioInVigore(sede!, giornoProcedura(new Date()));
        // The trainee's codice fiscale found their other traineeships.
        verificati = {
          controlloSede: controlloSede(r.sedeId, dipendenti, occ.sede, regole),
          controlloTirocinante: { tirocinanteId: r.tirocinanteId, codiceFiscale: tirocinante!.codiceFiscale, dataNascita: tirocinante!.dataNascita },
        };
        const v = controlliProroga(
          {
            dipendentiIndeterminatoSede: dipendenti.dipendentiIndeterminato,
            dipendentiIndeterminatoDal: dipendenti.dal,
            tirociniConcorrentiSede: occ.sede,
            tirociniConcorrentiTutorOspitante: occ.tutorOspitante,
            tirociniConcorrentiTutorPromotore: occ.tutorPromotore,
            tirociniSovrappostiTirocinante: occ.tirocinante,
          },
          regole,
        );
        if (v.length) {
          throw new ProblemException(
            422,
            'controlli-proroga',
            'Proroga non ammessa',
            `dal ${aggiunti.dataInizio} al ${aggiunti.dataFine} i posti non bastano`,
            v.map((x) => ({
              field: x.field ?? '',
              rule: x.rule,
              message: `${x.message} (nei giorni aggiunti, dal ${aggiunti.dataInizio} al ${aggiunti.dataFine})`,
              found: x.found,
              limit: x.limit,
              versioneRegole: regole.versione,
            })),
          );
        }
      }
      return this.applica(id, passiTirocinio.proroga, { ...dto, ...verificati }, actor, requestId);
    });
  }

  /**
   * Sends a step to the workflow as an Update (its `defineUpdate` constant types what it carries besides the actor):
   * its validator refuses what the rules forbid, with every reason.
   */
  async applica<A extends ConAttore>(
    id: string,
    update: UpdateDefinition<TirocinioState, [A]>,
    args: Omit<A, keyof ConAttore>,
    actor: Actor,
    requestId?: string,
  ) {
    const r = await this.tirocini.trova(id, actor);
    if (r.stato === 'bozza') throw stateConflict(r.stato, ['inviata o successivi'], 'questo passo');
    try {
      await this.temporal.aggiorna(r.workflowId, update, [{ ...args, actor, requestId } as A]);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw stateConflict(r.stato, ['procedura in corso'], 'questo passo');
      throw e;
    }
    return this.tirocini.dettaglio(id, actor);
  }
}
