import { Injectable } from '@nestjs/common';
import * as ExcelJS from 'exceljs';
import { createHash, randomUUID } from 'node:crypto';
import { Actor, actsFor, canSeeOffice, seesEveryOffice } from '@app/domain';
import { italianHolidays } from '@app/domain/calendar/festivita';
import type { Offerta } from '@app/domain/collocamento/collocamento.types';
import { dimensioneRosaOfferta, vistaDatore } from '@app/domain/collocamento/graduatoria';
import { Dimensione, calcolaIndicatori, indicatoriCsv, rigaIndicatori } from '@app/domain/collocamento/indicatori';
import { OffertaState } from '@app/domain/collocamento/offerta.state';
import { decideRichiesta } from '@app/domain/collocamento/offerta.richiesta';
import { scadenzeOfferta } from '@app/domain/collocamento/sla';
import { AppConfig, AuditTrail, DatoriRepository, IscrittiRepository, OffertaRow, OfferteRepository, TemporalClientHolder } from '@app/infrastructure';
import { passiOfferta, pubblicazioneGraduatoriaUpdate, rosaSuccessivaUpdate } from '../../../../workflows/collocamento/offerta.messages';
import { ConAttore, OffertaWorkflowInput, offertaWorkflowId } from '../../../../workflows/collocamento/offerta.types';
import { LIMITE_PAGINA, leggiCursoreIstante, pagina } from '../common/paginazione';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ProblemException, notFound, proceduraConclusa } from '../common/problem';
import { CongruitaDto, EsitoDto, IndicatoriQuery, OffertaDto, RettificaEsitoDto } from './collocamento.dto';
import { rifiuto } from '../common/rifiuto';

const CPI_ROLES = ['operatore', 'responsabile', 'dirigente', 'amministratore'];
export const isStaff = (a: Actor) => a.roles.some((r) => CPI_ROLES.includes(r));
/**
 * How an employer knows a candidate of its rosa: a reference of the offer, not the person's registry id (often their
 * codice fiscale, which tells birth date and sex). The CPI, which knows who it is, puts them in touch.
 */
export const riferimentoCandidato = (offertaId: string, iscrittoId: string) =>
  `C-${createHash('sha256').update(`${offertaId}:${iscrittoId}`).digest('hex').slice(0, 10).toUpperCase()}`;

/** The employers' requests and their procedure: publication, rosa, outcomes, indicators (the applications: AdesioniService). */
@Injectable()
export class CollocamentoService {
  private readonly festivi: ReturnType<typeof italianHolidays>;

  constructor(
    private readonly repo: OfferteRepository,
    private readonly iscrittiRepo: IscrittiRepository,
    private readonly datoriRepo: DatoriRepository,
    private readonly temporal: TemporalClientHolder,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {
    this.festivi = italianHolidays(this.patroniDeployment());
  }

  private patroniDeployment(): string[] {
    return this.config.COLLOCAMENTO_PATRONI ? this.config.COLLOCAMENTO_PATRONI.split(',') : [];
  }

  // ---- offers ---------------------------------------------------------------------------------------------------

  /** The offer, for the staff of its office and its employer's users; any other is not found, like a missing one. */
  async trova(id: string, actor: Actor): Promise<OffertaRow> {
    const o = await this.repo.offerta(id);
    let mine = !!o && canSeeOffice(actor, o.ufficio);
    if (o && mine && !isStaff(actor)) mine = actsFor(actor, (await this.datoriRepo.datore(o.datoreId))?.codiceFiscale);
    if (!o || !mine) throw notFound(`offerta ${id}`);
    return o;
  }

  /** An employer's request, entered by the CPI or by the employer: checked, stored, and its procedure started. */
  async crea(dto: OffertaDto, actor: Actor, requestId?: string) {
    // Any office may take a request of a registered employer (the registry is regional); an employer's user only its own.
    const datore = await this.datoriRepo.datore(dto.datoreId);
    if (!datore || (!isStaff(actor) && !actsFor(actor, datore.codiceFiscale))) {
      throw rifiuto('Datore non registrato', [
        { rule: 'datore-sconosciuto', field: 'datoreId', message: 'datore di lavoro non registrato', found: dto.datoreId },
      ]);
    }
    // The office decides the region (its ranking rules), the largest rosa and its patron days; not the request.
    const ufficio = await this.repo.impostazioniUfficio(actor.office);
    if (ufficio && dto.dimensioneRosa !== undefined && dto.dimensioneRosa > ufficio.dimensioneRosaMassima) {
      throw rifiuto('Richiesta non valida', [
        {
          rule: 'rosa-oltre-massimo',
          field: 'dimensioneRosa',
          message: `candidati per posto: al massimo ${ufficio.dimensioneRosaMassima} in questo ufficio`,
          found: dto.dimensioneRosa,
          limit: ufficio.dimensioneRosaMassima,
        },
      ]);
    }
    const regione = ufficio?.regione ?? dto.regione ?? 'piemonte';
    const festivi = ufficio?.patroni.length ? italianHolidays([...this.patroniDeployment(), ...ufficio.patroni]) : this.festivi;
    const id = randomUUID();
    const now = new Date();
    const offerta: Offerta = {
      id,
      datoreId: dto.datoreId,
      ufficio: actor.office,
      territorio: dto.territorio,
      profilo: dto.profilo,
      mansioni: dto.mansioni,
      luogo: dto.luogo,
      contratto: dto.contratto as Offerta['contratto'],
      ...(dto.durataMesi !== undefined ? { durataMesi: dto.durataMesi } : {}),
      oreSettimanali: dto.oreSettimanali,
      posti: dto.posti,
      competenzeRichieste: dto.competenzeRichieste,
      categoria: dto.categoria as Offerta['categoria'],
      dimensioneRosa: dto.dimensioneRosa ?? Math.min(3, ufficio?.dimensioneRosaMassima ?? 3),
      dataRichiesta: now.toISOString().slice(0, 10),
    };
    const sla = scadenzeOfferta(
      { richiestaIl: now.toISOString() },
      {
        giorniStandard: 5,
        avvisoDopoGiorni: 3,
        patroni: festivi,
        unitaMs: this.config.COLLOCAMENTO_UNITA_GIORNO_MS,
        origine: 'richiesta',
      },
    );
    const d = decideRichiesta(offerta, actor, now, sla, datore.codiceFiscale);
    if (!d.ok) throw rifiuto('Richiesta non valida', d.violations);
    const state: OffertaState = { ...d.value.state, adesioniEsterne: true };
    await this.repo.transazione(async (m) => {
      await this.repo.creaOfferta(m, {
        id,
        workflowId: offertaWorkflowId(id),
        ufficio: actor.office,
        regione,
        datoreId: dto.datoreId,
        stato: state.stato,
        offerta,
        statoProcedura: state,
        creataDa: actor.sub,
        slaScadenza: sla.scadenza,
      });
      await this.audit.append(m, {
        actor,
        procedura: 'collocamento',
        entita: 'offerta',
        entitaId: id,
        azione: 'richiesta',
        requestId,
        dopo: { offerta: { ...offerta }, slaScadenza: sla.scadenza },
        idempotencyKey: `offerta:${id}:richiesta`,
      });
    });
    const input: OffertaWorkflowInput = {
      offertaId: id,
      state,
      promemoriaEsitiMs: this.config.COLLOCAMENTO_PROMEMORIA_ESITI_GIORNI * this.config.COLLOCAMENTO_UNITA_GIORNO_MS,
      codaMs: this.config.COLLOCAMENTO_CODA_ESITI_GIORNI * this.config.COLLOCAMENTO_UNITA_GIORNO_MS,
    };
    await this.temporal.client.workflow.start('offertaWorkflow', {
      taskQueue: this.temporal.taskQueue,
      workflowId: offertaWorkflowId(id),
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return this.dettaglio(id, actor);
  }

  async dettaglio(id: string, actor: Actor) {
    const o = await this.trova(id, actor);
    const state = o.statoProcedura;
    const adesioni = await this.repo.contaAdesioni(id);
    const base = {
      id: o.id,
      ufficio: o.ufficio,
      regione: o.regione,
      stato: o.stato,
      offerta: o.offerta,
      richiestaIl: o.richiestaIl.toISOString(),
      finestra: state.finestra ?? null,
      sla: state.sla ?? null,
      graduatoria: state.graduatoria
        ? { hash: state.graduatoria.hash, versioneRegole: state.graduatoria.versioneRegole, pubblicataIl: state.graduatoria.pubblicataIl }
        : null,
      adesioni,
    };
    if (!isStaff(actor)) {
      const rif = (c: string) => riferimentoCandidato(id, c);
      return {
        ...base,
        rosa: state.rosa ? { inviataIl: state.rosa.inviataIl, candidati: state.rosa.candidati.map(rif) } : null,
        esiti: state.esiti.map(({ iscrittoId, esito }) => ({ candidato: rif(iscrittoId), esito })),
      };
    }
    const timeline = await this.audit.list({ entitaId: id });
    return {
      ...base,
      procedura: { ...state, adesioni: undefined },
      creataDa: o.creataDa,
      timeline: timeline.map((a) => ({ il: a.registratoIl, chi: a.attore, cosa: a.azione, perche: a.motivazione, prima: a.prima, dopo: a.dopo })),
    };
  }

  /** Newest first, a page at a time (see common/paginazione); an employer's user sees only its own requests. */
  async elenco(actor: Actor, q: { stato?: string; datore?: string; dopo?: string; limite?: number } = {}) {
    const cross = seesEveryOffice(actor);
    const limite = q.limite ?? LIMITE_PAGINA;
    const ambito = isStaff(actor)
      ? { uffici: cross ? undefined : [actor.office], datoreCodiceFiscale: q.datore }
      : { uffici: [actor.office], datoreCodiceFiscale: actor.soggetto ?? '' };
    const rows = await this.repo.offerte({ ...ambito, stato: q.stato, dopo: q.dopo ? leggiCursoreIstante(q.dopo) : undefined }, limite + 1);
    const { elementi, successivo } = pagina(rows, limite, (o) => [o.istante, o.id]);
    return {
      offerte: elementi.map((o) => ({
        id: o.id,
        ufficio: o.ufficio,
        stato: o.stato,
        datoreId: o.datoreId,
        profilo: o.offerta.profilo,
        richiestaIl: o.richiestaIl.toISOString(),
        slaScadenza: o.slaScadenza,
        slaViolata: o.slaViolata,
      })),
      successivo,
    };
  }

  /** Sends a step to the offer's workflow as an Update (its `defineUpdate` constant types what it carries besides the actor). */
  private async update<A extends ConAttore>(
    o: OffertaRow,
    update: UpdateDefinition<OffertaState, [A]>,
    args: Omit<A, keyof ConAttore>,
    actor: Actor,
    requestId?: string,
  ) {
    try {
      await this.temporal.aggiorna(o.workflowId, update, [{ ...args, actor, requestId } as A]);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
      throw proceduraConclusa("l'offerta", (await this.repo.offerta(o.id))?.stato ?? o.stato);
    }
  }

  async valutaCongruita(id: string, dto: CongruitaDto, actor: Actor, requestId?: string) {
    const o = await this.trova(id, actor);
    const finestra = dto.esito === 'congrua' ? { apertaIl: new Date().toISOString(), chiudeIl: dto.chiusuraAdesioni ?? '' } : undefined;
    await this.update(o, passiOfferta.congruita, { esito: dto.esito, motivo: dto.motivo, finestra, motivoOltreSla: dto.motivoOltreSla }, actor, requestId);
    return this.dettaglio(id, actor);
  }

  async pubblica(id: string, actor: Actor, requestId?: string) {
    const o = await this.trova(id, actor);
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'la graduatoria si calcola alla chiusura delle adesioni');
    const n = dimensioneRosaOfferta(o.offerta);
    await this.update(
      o,
      pubblicazioneGraduatoriaUpdate,
      {
        hash: g.hash,
        versioneRegole: g.versioneRegole,
        ordine: g.risultato.idonei.slice(0, n).map((v) => v.iscrittoId),
        totali: { idonei: g.risultato.idonei.length, esclusi: g.risultato.esclusi.length },
      },
      actor,
      requestId,
    );
    return this.dettaglio(id, actor);
  }

  async inviaRosa(id: string, actor: Actor, requestId?: string) {
    const o = await this.trova(id, actor);
    const state = o.statoProcedura;
    const candidati = (state.graduatoria?.ordine ?? []).slice(0, dimensioneRosaOfferta(o.offerta));
    await this.update(o, passiOfferta.rosaInviata, { candidati }, actor, requestId);
    return this.rosa(id, actor);
  }

  /**
   * Another sending after negative outcomes: the next candidates of the stored graduatoria still eligible now, never
   * anyone sent before. The workflow reads them itself (the graduatoria and the registry) and sends those: nobody
   * names them.
   */
  async inviaRosaSuccessiva(id: string, actor: Actor, requestId?: string) {
    const o = await this.trova(id, actor);
    await this.update(o, rosaSuccessivaUpdate, {}, actor, requestId);
    return this.rosa(id, actor);
  }

  /** The rosa as the employer sees it: position, compatibility and the required skills held; no health data. */
  async rosa(id: string, actor: Actor) {
    const o = await this.trova(id, actor);
    const state = o.statoProcedura;
    if (!state.rosa)
      throw new ProblemException(409, 'stato-non-ammesso', 'Rosa non ancora inviata', 'la rosa si invia dopo la pubblicazione della graduatoria');
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    const inviati = new Set(state.rosa.candidati);
    const voci = new Map((g?.risultato.idonei ?? []).filter((v) => inviati.has(v.iscrittoId)).map((v) => [v.iscrittoId, v]));
    // Which sending each candidate came in: 1 the rosa, 2 the first later one, ...
    const invio = new Map<string, number>(state.rosa.candidati.map((c) => [c, 1]));
    (state.rosaSuccessive ?? []).forEach((r, i) => r.candidati.forEach((c) => invio.set(c, i + 2)));
    const perDatore = !isStaff(actor);
    return {
      offertaId: id,
      inviataIl: state.rosa.inviataIl,
      hashGraduatoria: state.graduatoria?.hash,
      candidati: state.rosa.candidati.map((c) => {
        const { iscrittoId, ...voce } = vistaDatore(voci.get(c)!);
        const esito = state.esiti.find((e) => e.iscrittoId === c)?.esito ?? null;
        return perDatore
          ? { candidato: riferimentoCandidato(id, iscrittoId), ...voce, esito, invio: invio.get(c) }
          : { iscrittoId, ...voce, esito, invio: invio.get(c) };
      }),
    };
  }

  async annulla(id: string, motivo: string, actor: Actor, requestId?: string) {
    const o = await this.trova(id, actor);
    await this.update(o, passiOfferta.annullamento, { motivo }, actor, requestId);
    return this.dettaglio(id, actor);
  }

  /** An outcome: CPI staff name the person by registry id, the employer by the reference its rosa shows. */
  async registraEsito(id: string, dto: EsitoDto, actor: Actor, requestId?: string) {
    const o = await this.trova(id, actor);
    const rosa = o.statoProcedura.rosa?.candidati ?? [];
    const iscrittoId = isStaff(actor) ? dto.iscrittoId : (rosa.find((c) => riferimentoCandidato(id, c) === dto.iscrittoId) ?? dto.iscrittoId);
    if (!isStaff(actor) && o.statoProcedura.esiti.some((e) => e.iscrittoId === iscrittoId)) {
      // Said here so the answer names the candidate by its reference, as the employer knows it.
      throw rifiuto('Esito non ammesso', [
        { rule: 'esito-duplicato', field: 'iscrittoId', message: "l'esito di questa persona è già registrato", found: dto.iscrittoId },
      ]);
    }
    await this.update(o, passiOfferta.esito, { iscrittoId, esito: dto.esito, motivo: dto.motivo }, actor, requestId);
    return this.dettaglio(id, actor);
  }

  async rettificaEsito(id: string, dto: RettificaEsitoDto, actor: Actor, requestId?: string) {
    const o = await this.trova(id, actor);
    await this.update(o, passiOfferta.rettificaEsito, { iscrittoId: dto.iscrittoId, esito: dto.esito, motivo: dto.motivo }, actor, requestId);
    return this.dettaglio(id, actor);
  }

  // ---- indicators -----------------------------------------------------------------------------------------------

  async indicatori(q: IndicatoriQuery, actor: Actor): Promise<{ contentType: string; body: string | Buffer; filename?: string } | object> {
    const cross = seesEveryOffice(actor);
    const rows = (await this.repo.offerte({ uffici: cross ? undefined : [actor.office] }, 100_000)).filter((o) => {
      const d = o.richiestaIl.toISOString().slice(0, 10);
      return (!q.dal || d >= q.dal) && (!q.al || d <= q.al);
    });
    const states = rows.map((o) => o.statoProcedura);
    const partecipanti = await this.repo.partecipanti(rows.map((o) => o.id));
    // Each office's people from its own list (ids are unique within an office only).
    const anagrafiche = new Map<string, Awaited<ReturnType<IscrittiRepository['anagrafiche']>>>();
    for (const ufficio of new Set(states.map((s) => s.ufficio))) {
      const persone = [...new Set(states.filter((s) => s.ufficio === ufficio).flatMap((s) => partecipanti.get(s.offertaId)?.aderenti ?? []))];
      anagrafiche.set(ufficio, await this.iscrittiRepo.anagrafiche(ufficio, persone));
    }
    const righe = states.map((s) => rigaIndicatori(s, anagrafiche.get(s.ufficio)!, partecipanti.get(s.offertaId)));
    const raggruppa = (q.raggruppa ? q.raggruppa.split(',').filter(Boolean) : ['ufficio']) as Dimensione[];
    const tabella = calcolaIndicatori(righe, { raggruppa, periodo: q.periodo, isHoliday: this.festivi, giorniStandard: 5 });
    if (q.formato === 'csv') return { contentType: 'text/csv; charset=utf-8', body: indicatoriCsv(tabella), filename: 'indicatori-collocamento.csv' };
    if (q.formato === 'xlsx') {
      const wb = new ExcelJS.Workbook();
      wb.creator = 'workflow-engine';
      const ws = wb.addWorksheet('Indicatori');
      ws.columns = tabella.colonne.map((c) => ({ header: c.intestazione, key: c.chiave, width: Math.max(12, c.intestazione.length + 2) }));
      for (const r of tabella.righe) {
        ws.addRow(
          Object.fromEntries(
            tabella.colonne.map((c) => [c.chiave, c.tipo === 'centesimi' && typeof r[c.chiave] === 'number' ? (r[c.chiave] as number) / 100 : r[c.chiave]]),
          ),
        );
      }
      ws.getRow(1).font = { bold: true };
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: Buffer.from(await wb.xlsx.writeBuffer()),
        filename: 'indicatori-collocamento.xlsx',
      };
    }
    return tabella;
  }
}
