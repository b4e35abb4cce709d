import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { italianHolidays } from '../libs/domain/src/calendar/festivita';
import { dataItaliana, fineGiornoItaliano } from '../libs/domain/src/calendar/ora-italiana';
import { valutaIdoneita, violazioniRiassegnazione } from '../libs/domain/src/ispezioni/idoneita';
import { statisticheImparzialita } from '../libs/domain/src/ispezioni/imparzialita';
import { IspezioneState, initialIspezioneState } from '../libs/domain/src/ispezioni/ispezione.state';
import type {
  EsitoIdoneita,
  Ispettore,
  Priorita,
  RegolaEsclusione,
  TrascrizioneManuale,
  TrascrizioneSorteggio,
  ValoreBeacon,
} from '../libs/domain/src/ispezioni/ispezioni.types';
import { periodiDaCreare } from '../libs/domain/src/ispezioni/periodi';
import { PoliticaIspettorato as Politica, politicaDi } from '../libs/domain/src/ispezioni/politica';
import { ScadenzaIspezione, dateIspezione, scadenzeIspezione } from '../libs/domain/src/ispezioni/scadenze';
import { sorteggia } from '../libs/domain/src/ispezioni/sorteggio';
import type { RuleViolation } from '../libs/domain/src/common/violation';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { BeaconClient } from '../libs/infrastructure/src/ispezioni/beacon';
import { IspettoriRepository } from '../libs/infrastructure/src/ispezioni/ispettori.repository';
import { PianiVigilanzaRepository } from '../libs/infrastructure/src/ispezioni/piani-vigilanza.repository';
import { RichiestaRow, RichiesteRepository } from '../libs/infrastructure/src/ispezioni/richieste.repository';
import { PeriodoRow, SorteggiRepository } from '../libs/infrastructure/src/ispezioni/sorteggi.repository';
import { NotificationsService } from '../libs/infrastructure/src/notifications/notifications.service';
import type {
  AssegnaInput,
  AssegnaManualeInput,
  EseguiScadenzaIspezioneInput,
  EsitoAssegnazione,
  EsitoAssegnazioneManuale,
  ManutenzioneInput,
  ManutenzioneOutput,
  SalvaIspezioneInput,
  ScadenzaIspezioneInput,
} from '../workflows/ispezioni/ispezione.types';
import { ispezioneWorkflowId } from '../workflows/ispezioni/ispezione.types';

/** What a new intervention request holds, from the intake form or an ex-officio plan's entry. */
export type NuovaRichiesta = Pick<
  RichiestaRow,
  'id' | 'ispettorato' | 'fonte' | 'aziendaId' | 'sede' | 'territorio' | 'tipoPratica' | 'priorita' | 'descrizione'
> & {
  registrataDa: { sub: string; roles: string[]; office: string };
  requestId?: string;
};

/** Records a request and its audit row once (a retry with the same id writes nothing); its workflow starts next. */
export async function registraRichiestaIntervento(repo: RichiesteRepository, audit: AuditTrail, r: NuovaRichiesta): Promise<void> {
  await repo.transazione(async (m) => {
    const fresh = await repo.creaRichiesta(m, {
      id: r.id,
      workflowId: ispezioneWorkflowId(r.ispettorato, r.id),
      ispettorato: r.ispettorato,
      fonte: r.fonte,
      aziendaId: r.aziendaId,
      sede: r.sede,
      territorio: r.territorio,
      tipoPratica: r.tipoPratica,
      priorita: r.priorita,
      descrizione: r.descrizione,
      stato: 'registrata',
      statoProcedura: initialIspezioneState({ richiestaId: r.id, ispettorato: r.ispettorato }),
      registrataDa: r.registrataDa.sub,
      registrataIl: new Date(),
    });
    if (!fresh) return;
    await audit.append(m, {
      actor: r.registrataDa,
      procedura: 'ispezioni',
      entita: 'richiesta-intervento',
      entitaId: r.id,
      azione: 'registrata',
      requestId: r.requestId,
      dopo: { fonte: r.fonte, aziendaId: r.aziendaId, tipoPratica: r.tipoPratica, priorita: r.priorita },
      idempotencyKey: `richiesta:${r.id}:registrata`,
    });
  });
}

const SISTEMA = (office: string) => ({ sub: 'sistema', roles: ['sistema'], office });
const festivi = italianHolidays();
const chiave = (richiestaId: string, k: string) => `ispezione:${richiestaId}:${k}`;
const GIORNO = 86_400_000;
/** Rules a manual assignment is checked against (the same as a draw's). */
const REGOLE_IDONEITA: RegolaEsclusione[] = ['territorio', 'qualifica', 'assenza', 'conflitto', 'rotazione', 'astensione'];

/** The policy of the request's inspectorate (its stored settings merged with the defaults). */
export async function politicaDellIspettorato(repo: IspettoriRepository, ispettorato: string, m?: EntityManager): Promise<Politica> {
  return politicaDi((await repo.ispettorato(ispettorato, m))?.politica ?? {});
}

/**
 * Who may be assigned the request at `now` and why the others may not, on the registry as it is in `m` (a transaction,
 * or undefined outside one): the same computation for a draw, a manual reassignment's proposal, its approval and its
 * application. `derogaRotazione` lets rotation step aside when it alone would leave nobody (draws only).
 */
export async function idoneitaRichiesta(
  repo: IspettoriRepository,
  m: EntityManager | undefined,
  r: RichiestaRow,
  astenuti: string[],
  now: Date,
  derogaRotazione: boolean,
): Promise<{ esito: EsitoIdoneita; ispettori: Ispettore[]; politica: Politica }> {
  const politica = await politicaDellIspettorato(repo, r.ispettorato, m);
  const ispettori = await repo.ispettori(r.ispettorato, m);
  const esito = valutaIdoneita(
    { id: r.id, ispettorato: r.ispettorato, territorio: r.territorio, tipoPratica: r.tipoPratica, aziendaId: r.aziendaId, dataAssegnazione: dataItaliana(now) },
    ispettori,
    await repo.conflitti(r.aziendaId, m),
    await repo.precedenti(r.aziendaId, r.id, politica.rotazione.contaChiuse, m),
    { finestraRotazioneMesi: politica.rotazione.finestraMesi, derogaRotazioneSeNessuno: derogaRotazione && politica.rotazione.derogaSeNessunIdoneo, astenuti },
  );
  return { esito, ispettori, politica };
}

/**
 * Whether a manual reassignment of request `r` to `ispettoreId` is allowed now: every rule it fails (field
 * `ispettoreId`), and the rotation override it needs, if any. Used when it is proposed, approved and applied.
 */
export async function verificaRiassegnazione(
  repo: IspettoriRepository,
  m: EntityManager | undefined,
  r: RichiestaRow,
  ispettoreId: string,
  derogaRotazione: string | undefined,
  astenuti: string[],
  now: Date,
): Promise<{ violazioni: RuleViolation[]; derogaRotazione: { motivo: string; dettaglio: string } | null }> {
  const bersaglio = await repo.ispettore(ispettoreId, m);
  const { esito } = await idoneitaRichiesta(repo, m, r, astenuti, now, false);
  return violazioniRiassegnazione({ ispettorato: r.ispettorato }, ispettoreId, bersaglio, esito, derogaRotazione);
}

/** The earliest day an exclusion ends (an absence, a conflict): when a request nobody could take is tried again. */
function primaRiabilitazione(esito: EsitoIdoneita, ispettori: Ispettore[], oggi: string): string | undefined {
  let prima: string | undefined;
  for (const e of esito.esclusi) {
    if (e.motivi.some((x) => x.regola === 'territorio' || x.regola === 'qualifica' || x.regola === 'astensione')) continue;
    const fine = ispettori
      .find((i) => i.id === e.ispettoreId)
      ?.assenze.filter((a) => a.dal <= oggi && oggi <= a.al)
      .map((a) => a.al)
      .sort()
      .at(-1);
    if (fine && e.motivi.every((x) => x.regola === 'assenza') && (!prima || fine < prima)) prima = fine;
  }
  return prima;
}

/** Side effects of an inspection: the recorded draw, persisted transitions, and deadline notices. All idempotent. */
@Injectable()
export class IspezioniActivities {
  constructor(
    private readonly registro: IspettoriRepository,
    private readonly richieste: RichiesteRepository,
    private readonly sorteggi: SorteggiRepository,
    private readonly piani: PianiVigilanzaRepository,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationsService,
    private readonly beacon: BeaconClient,
  ) {}

  /** The request row is written by the API before the workflow starts; this only checks it is there. */
  async registraRichiesta(input: { richiestaId: string }): Promise<void> {
    if (!(await this.richieste.richiesta(input.richiestaId))) throw new Error(`richiesta ${input.richiestaId} non trovata`);
  }

  /**
   * Eligibility, then the draw with the secret of the period in force now, recorded in the inspectorate's chain in the
   * same transaction that assigns the request; the result leaves this activity only after it is committed. A retry
   * finds the draw of that attempt and returns it: an attempt is never drawn twice. When nobody is eligible, or no
   * period may be used now (none begun, or its secret revealed), nothing is drawn: the request records why it waits
   * and when it will be tried again, and the dirigente is told once per attempt.
   */
  async assegna(input: AssegnaInput): Promise<EsitoAssegnazione> {
    // The beacon round after the attempt became due (the registration, or the abstention that asked for a redraw),
    // fetched before any lock is taken; until it is published this throws and the activity is retried.
    let beacon: ValoreBeacon | null = null;
    if (this.beacon.configurato) {
      const r = await this.richieste.richiesta(input.richiestaId);
      if (!r) throw new Error(`richiesta ${input.richiestaId} non trovata`);
      const dovuto = input.dovutoDal && Date.parse(input.dovutoDal) > r.registrataIl.getTime() ? new Date(input.dovutoDal) : r.registrataIl;
      beacon = await this.beacon.valore(this.beacon.roundDopo(dovuto));
    }
    return this.richieste.transazione(async (m) => {
      const r = await this.richieste.richiesta(input.richiestaId, m, true);
      if (!r) throw new Error(`richiesta ${input.richiestaId} non trovata`);
      const done = await this.sorteggi.sorteggioDi(r.id, input.tentativo, m);
      if (done) return { esito: 'assegnata', sorteggioId: done.id, ispettoreId: done.ispettoreId };
      const now = new Date();
      const { esito: idoneita, ispettori } = await idoneitaRichiesta(this.registro, m, r, input.astenuti, now, true);
      if (!idoneita.idonei.length) {
        const riprova = primaRiabilitazione(idoneita, ispettori, dataItaliana(now));
        // The day after the earliest absence ends, from midnight in Italy (conflicts and rotation end less predictably:
        // the registry change that lifts them wakes the request, and it is tried daily anyway).
        const riprovaIl = riprova ? new Date(fineGiornoItaliano(riprova)).toISOString() : undefined;
        await this.richieste.impostaAttesa(m, r.id, {
          motivo: 'nessun-idoneo',
          dal: now.toISOString(),
          tentativo: input.tentativo,
          esclusi: idoneita.esclusi,
          ...(riprovaIl ? { riprovaIl } : {}),
          dettaglio: `nessuno dei ${idoneita.esclusi.length} ispettori dell'ispettorato è idoneo: aggiornare il registro (assenze, qualifiche, territori) o riassegnare con approvazione`,
        });
        await this.notify(
          m,
          r.id,
          r.ispettorato,
          `nessun-idoneo:${input.tentativo}`,
          'Nessun ispettore idoneo per la richiesta',
          `${idoneita.esclusi.length} ispettori esclusi: i motivi sono nella coda delle richieste non assegnate`,
        );
        return { esito: 'nessun-idoneo', esclusi: idoneita.esclusi.length, ...(riprovaIl ? { riprovaIl } : {}) };
      }
      const periodo = await this.sorteggi.periodoInVigore(m, r.ispettorato, now);
      if (!periodo?.segreto) {
        const prossimo = await this.sorteggi.prossimoPeriodo(m, r.ispettorato, now);
        const riprovaIl = prossimo?.inizio.toISOString();
        await this.richieste.impostaAttesa(m, r.id, {
          motivo: 'periodo-mancante',
          dal: now.toISOString(),
          tentativo: input.tentativo,
          ...(riprovaIl ? { riprovaIl } : {}),
          dettaglio: prossimo
            ? `nessun periodo di sorteggio in vigore: il prossimo (${prossimo.periodo}) inizia il ${riprovaIl}, la richiesta sarà sorteggiata allora`
            : 'nessun periodo di sorteggio in vigore né pubblicato: la richiesta sarà sorteggiata appena un periodo inizia',
        });
        if (!prossimo)
          await this.notify(
            m,
            r.id,
            r.ispettorato,
            `periodo-mancante:${input.tentativo}`,
            'Nessun periodo di sorteggio pubblicato',
            'la richiesta attende la pubblicazione di un periodo di sorteggio',
          );
        return {
          esito: 'periodo-mancante',
          dettaglio: `nessun periodo utilizzabile per ${r.ispettorato} al ${now.toISOString()}`,
          ...(riprovaIl ? { riprovaIl } : {}),
        };
      }
      const byId = new Map(ispettori.map((i) => [i.id, i]));
      const t = sorteggia({
        segreto: periodo.segreto,
        impegnoSegreto: periodo.impegno,
        ispettorato: r.ispettorato,
        periodo: periodo.periodo,
        richiestaId: r.id,
        tentativo: input.tentativo,
        beacon,
        candidati: idoneita.idonei.map((id) => ({ ispettoreId: id, caricoAperto: byId.get(id)!.caricoAperto })),
        esclusi: idoneita.esclusi,
        registratoIl: now.toISOString(),
      });
      if (idoneita.deroghe.length) t.deroghe = idoneita.deroghe;
      const row = await this.sorteggi.registraTrascrizione(m, t);
      await this.richieste.impostaAttesa(m, r.id, null);
      await this.audit.append(m, {
        actor: SISTEMA(r.ispettorato),
        procedura: 'ispezioni',
        entita: 'richiesta-intervento',
        entitaId: r.id,
        azione: 'sorteggio',
        dopo: {
          sorteggioId: row.id,
          tentativo: t.tentativo,
          periodo: t.periodo,
          scelto: t.estrazione.scelto,
          candidati: t.candidati.length,
          catena: row.n,
          hash: row.hash,
        },
        idempotencyKey: `sorteggio:${r.id}:${t.tentativo}`,
      });
      return { esito: 'assegnata', sorteggioId: row.id, ispettoreId: t.estrazione.scelto };
    });
  }

  /**
   * Applies an approved manual reassignment: the inspector is checked again against every eligibility rule (rotation
   * only if not overridden with a reason) and, if still eligible, a `manuale` transcript naming proposer, approver and
   * reasons is appended to the inspectorate's chain as attempt `tentativo`. Otherwise nothing is recorded and the
   * reasons are returned. Idempotent: a retry finds the transcript of that attempt.
   */
  async assegnaManuale(input: AssegnaManualeInput): Promise<EsitoAssegnazioneManuale> {
    const p = input.riassegnazione;
    return this.richieste.transazione(async (m) => {
      const r = await this.richieste.richiesta(input.richiestaId, m, true);
      if (!r) throw new Error(`richiesta ${input.richiestaId} non trovata`);
      const done = await this.sorteggi.sorteggioDi(r.id, input.tentativo, m);
      if (done) return { esito: 'assegnata', sorteggioId: done.id };
      const now = new Date();
      const check = await verificaRiassegnazione(this.registro, m, r, p.ispettoreId, p.derogaRotazione, input.astenuti, now);
      if (check.violazioni.length) return { esito: 'non-idonea', motivi: check.violazioni.map((v) => `${v.rule}: ${v.message}`) };
      const periodo = await this.sorteggi.periodoInVigore(m, r.ispettorato, now);
      const t: TrascrizioneManuale = {
        tipo: 'manuale',
        ispettorato: r.ispettorato,
        periodo: periodo?.periodo ?? null,
        richiestaId: r.id,
        tentativo: input.tentativo,
        ispettoreId: p.ispettoreId,
        motivo: p.motivo,
        propostaDa: p.propostaDa,
        propostaIl: p.propostaIl,
        approvataDa: p.decisaDa ?? '',
        approvataIl: p.decisaIl ?? '',
        regoleVerificate: REGOLE_IDONEITA.filter((x) => x !== 'rotazione' || !check.derogaRotazione),
        derogaRotazione: check.derogaRotazione,
        registratoIl: now.toISOString(),
      };
      const row = await this.sorteggi.registraTrascrizione(m, t);
      await this.richieste.riassegnazioneApplicata(m, r.id, row.id);
      await this.audit.append(m, {
        actor: SISTEMA(r.ispettorato),
        procedura: 'ispezioni',
        entita: 'richiesta-intervento',
        entitaId: r.id,
        azione: 'assegnazione-manuale-registrata',
        dopo: {
          sorteggioId: row.id,
          tentativo: t.tentativo,
          ispettoreId: t.ispettoreId,
          propostaDa: t.propostaDa,
          approvataDa: t.approvataDa,
          catena: row.n,
          hash: row.hash,
        },
        idempotencyKey: `assegnazione-manuale:${r.id}:${t.tentativo}`,
      });
      return { esito: 'assegnata', sorteggioId: row.id };
    });
  }

  // ---- periods: created ahead, revealed after their end (run by the periodiSorteggio schedule) ----

  async ispettoratiAttivi(): Promise<string[]> {
    return this.registro.codiciIspettorati();
  }

  /**
   * One inspectorate's periods: publishes the commitments of the periods its policy wants ahead (never one that has
   * begun), reveals every period that has ended (waiting for draws still using it) with the chain head at that
   * moment, checks the impartiality of what was revealed, and names the waiting requests to wake when a period was
   * published. Idempotent: a repeat creates and reveals nothing twice.
   */
  async manutenzioneIspettorato(input: ManutenzioneInput): Promise<ManutenzioneOutput> {
    const isp = await this.registro.ispettorato(input.ispettorato);
    if (!isp) return { creati: [], rivelati: [], daRisvegliare: [] };
    const politica = politicaDi(isp.politica);
    const now = new Date();
    // Reveals first, each on its own: nothing about the coming periods can hold up the reveal of an ended one.
    const rivelati: string[] = [];
    for (const label of await this.sorteggi.periodiDaRivelare(isp.codice, now)) {
      const p = await this.sorteggi.transazione(async (m) => {
        const row = await this.sorteggi.rivela(m, isp.codice, label, now);
        if (row) {
          await this.audit.append(m, {
            actor: SISTEMA(isp.codice),
            procedura: 'ispezioni',
            entita: 'periodo-sorteggio',
            entitaId: `${isp.codice}:${label}`,
            azione: 'segreto-rivelato',
            dopo: { segreto: row.segreto, testaCatena: row.testaCatena },
            idempotencyKey: `periodo:${isp.codice}:${label}:rivelazione`,
          });
        }
        return row;
      });
      if (!p) continue;
      rivelati.push(label);
      await this.monitora(isp.codice, p, politica);
    }
    const creati = await this.sorteggi.transazione(async (m) => {
      await this.sorteggi.bloccaIspettorato(m, isp.codice);
      const esistenti = await this.sorteggi.periodi(isp.codice, m);
      const nuovi = periodiDaCreare(
        esistenti.map((p) => ({ inizio: p.inizio.getTime(), fine: p.fine.getTime() })),
        now.getTime(),
        politica.periodi,
      );
      for (const p of nuovi) {
        const row = await this.sorteggi.creaPeriodo(m, isp.codice, p, 'sistema', now);
        await this.audit.append(m, {
          actor: SISTEMA(isp.codice),
          procedura: 'ispezioni',
          entita: 'periodo-sorteggio',
          entitaId: `${isp.codice}:${p.periodo}`,
          azione: 'impegno-pubblicato',
          dopo: { impegno: row.impegno, inizio: row.inizio.toISOString(), fine: row.fine.toISOString() },
          idempotencyKey: `periodo:${isp.codice}:${p.periodo}:impegno`,
        });
      }
      return nuovi.map((p) => p.periodo);
    });
    return { creati, rivelati, daRisvegliare: creati.length ? await this.richieste.inAttesa(isp.codice) : [] };
  }

  /** The impartiality test of a period just revealed and of the rolling window ending with it; the dirigente is told of an alarm. */
  private async monitora(ispettorato: string, p: PeriodoRow, politica: Politica): Promise<void> {
    const soglia = politica.monitoraggio.soglia;
    const dal = new Date(p.fine.getTime() - politica.monitoraggio.finestraGiorni * GIORNO);
    const verifiche = [
      { chiave: `periodo:${p.periodo}`, nome: `periodo ${p.periodo}`, draws: await this.sorteggi.sorteggiDi(ispettorato, { periodo: p.periodo }) },
      {
        chiave: `finestra:${p.periodo}`,
        nome: `ultimi ${politica.monitoraggio.finestraGiorni} giorni al ${dataItaliana(new Date(p.fine.getTime() - 1))}`,
        draws: await this.sorteggi.sorteggiDi(ispettorato, { dal, al: p.fine }),
      },
    ];
    const rows = await this.sorteggi.transazione(async (m) => {
      const out = [];
      for (const v of verifiche) {
        const stats = statisticheImparzialita(
          v.draws.map((d) => ({ candidati: (d.trascrizione as TrascrizioneSorteggio).candidati, scelto: d.ispettoreId })),
          soglia,
        );
        if (!stats.allarme) continue;
        out.push(
          await this.notifications.store(m, {
            chiave: `imparzialita:${ispettorato}:${v.chiave}`,
            ufficio: ispettorato,
            destinatario: { tipo: 'ruolo', nome: 'dirigente' },
            procedura: 'ispezioni',
            entitaId: `${ispettorato}:${p.periodo}`,
            tipo: 'allarme-imparzialita',
            titolo: `Sorteggi: test di imparzialità sotto soglia (${v.nome})`,
            testo:
              `Chi-quadro ${stats.chiQuadro} con ${stats.gradiLiberta} gradi di libertà, p-value ${stats.pValue} (soglia ${soglia}) su ${stats.estrazioni} sorteggi` +
              (stats.incoerenti ? `; ${stats.incoerenti} sorteggi incoerenti con i propri pesi` : '') +
              ': esaminare le trascrizioni. Un allarme è un motivo per controllare, non una prova di parzialità.',
            dati: { ...stats },
          }),
        );
      }
      return out;
    });
    await this.notifications.deliver(rows);
  }

  /** Persists one accepted transition (state snapshot, manual reassignment rows, audit, notice), once per event key. */
  async salvaIspezione(input: SalvaIspezioneInput): Promise<void> {
    const { transition: t, state } = input;
    const rows = await this.richieste.transazione(async (m) => {
      // Lock order everywhere: the entity's row first, then the audit chain (assegna does the same).
      await this.richieste.richiesta(input.richiestaId, m, true);
      const fresh = await this.audit.append(m, {
        actor: t.actor ?? SISTEMA(state.ispettorato),
        procedura: 'ispezioni',
        entita: 'richiesta-intervento',
        entitaId: input.richiestaId,
        azione: t.azione,
        motivazione: t.motivazione ?? null,
        prima: { stato: t.from },
        dopo: { stato: t.to, ispettoreId: state.ispettoreId ?? null, tentativo: state.tentativo },
        requestId: input.requestId,
        idempotencyKey: input.eventKey,
        at: new Date(t.at),
      });
      if (!fresh) return [];
      const notices = [];
      await this.richieste.aggiornaRichiesta(m, input.richiestaId, state.stato, state.ispettoreId ?? null, state.tentativo, state);
      if (t.azione === 'riassegnazioneProposta' && state.riassegnazione) {
        await this.richieste.proponiRiassegnazione(m, input.richiestaId, state.riassegnazione);
      }
      if (t.azione === 'riassegnazioneDecisa') {
        await this.richieste.decidiRiassegnazione(
          m,
          input.richiestaId,
          state.riassegnazione?.stato === 'approvata' ? 'approvata' : 'respinta',
          t.actor?.sub ?? null,
          t.at,
        );
      }
      if (t.azione === 'riassegnazioneDecaduta') {
        await this.richieste.riassegnazioneDecaduta(m, input.richiestaId);
        notices.push(
          await this.notifications.store(m, {
            chiave: chiave(input.richiestaId, `riassegnazione-decaduta:${state.tentativo}:${t.at}`),
            ufficio: state.ispettorato,
            destinatario: { tipo: 'ruolo', nome: 'dirigente' },
            procedura: 'ispezioni',
            entitaId: input.richiestaId,
            tipo: 'riassegnazione-decaduta',
            titolo: 'Riassegnazione approvata non applicabile',
            testo: t.motivazione ?? '',
          }),
        );
      }
      if (t.azione === 'assegnata' && state.ispettoreId) {
        notices.push(
          await this.notifications.store(m, {
            chiave: chiave(input.richiestaId, `assegnata:${state.tentativo}`),
            ufficio: state.ispettorato,
            destinatario: { tipo: 'utente', nome: state.ispettoreId },
            procedura: 'ispezioni',
            entitaId: input.richiestaId,
            tipo: 'assegnazione',
            titolo: 'Nuova ispezione assegnata',
            testo: `Assegnata ${t.ispettoreId ? `a ${t.ispettoreId}` : ''} (${state.assegnataVia}, tentativo ${state.tentativo}): accettare o dichiarare l'astensione`,
          }),
        );
      }
      if (t.azione === 'astensione') {
        notices.push(
          await this.notifications.store(m, {
            chiave: chiave(input.richiestaId, `astensione:${state.tentativo}`),
            ufficio: state.ispettorato,
            destinatario: { tipo: 'ruolo', nome: 'dirigente' },
            procedura: 'ispezioni',
            entitaId: input.richiestaId,
            tipo: 'astensione',
            titolo: 'Astensione dichiarata',
            testo: t.motivazione ?? '',
          }),
        );
      }
      return notices;
    });
    await this.notifications.deliver(rows);
  }

  private async notify(m: Parameters<NotificationsService['store']>[0], richiestaId: string, ufficio: string, k: string, titolo: string, testo: string) {
    await this.notifications.store(m, {
      chiave: chiave(richiestaId, k),
      ufficio,
      destinatario: { tipo: 'ruolo', nome: 'dirigente' },
      procedura: 'ispezioni',
      entitaId: richiestaId,
      tipo: 'assegnazione-sospesa',
      titolo,
      testo,
    });
  }

  private async pending(richiestaId: string, state: IspezioneState, now: Date): Promise<ScadenzaIspezione[]> {
    const r = await this.richieste.richiesta(richiestaId);
    if (!r) return [];
    if (!state?.stato || ['registrata', 'chiusa'].includes(state.stato)) return [];
    const politica = await politicaDellIspettorato(this.registro, r.ispettorato);
    const prefix = chiave(richiestaId, '');
    const usate = await this.notifications.chiaviUsate('ispezioni', richiestaId);
    const eseguite = new Set([...usate].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
    return scadenzeIspezione(state, dateIspezione(state), r.priorita as Priorita, politica.termini, festivi, eseguite, now);
  }

  /** The plan's next entry still to become a request (soonest first), or null when all have. */
  async prossimaVoceVigilanza(input: { pianoId: string }): Promise<{ id: string; data: string } | null> {
    const v = await this.piani.prossimaVoce(input.pianoId);
    return v ? { id: v.id, data: v.data.toISOString() } : null;
  }

  /** Registers the entry's request (its id is the entry's: idempotent) as the plan's author, source 'piano-ufficio'. */
  async generaRichiestaVigilanza(input: { pianoId: string; voceId: string }): Promise<{ richiestaId: string }> {
    const v = await this.piani.voce(input.pianoId, input.voceId);
    if (!v) throw new Error(`voce ${input.voceId} non trovata`);
    await registraRichiestaIntervento(this.richieste, this.audit, {
      id: v.id,
      ispettorato: v.ispettorato,
      fonte: 'piano-ufficio',
      aziendaId: v.aziendaId,
      sede: v.sede,
      territorio: v.territorio,
      tipoPratica: v.tipoPratica,
      priorita: v.priorita,
      descrizione: v.descrizione,
      registrataDa: { sub: v.caricatoDa, roles: ['dirigente'], office: v.ispettorato },
    });
    return { richiestaId: v.id };
  }

  async collegaVoceVigilanza(input: { voceId: string; richiestaId: string }): Promise<void> {
    await this.piani.collegaVoce(input.voceId, input.richiestaId);
  }

  async prossimaScadenzaIspezione(input: ScadenzaIspezioneInput): Promise<ScadenzaIspezione | null> {
    return (await this.pending(input.richiestaId, input.state, new Date(input.now)))[0] ?? null;
  }

  async eseguiScadenzaIspezione(input: EseguiScadenzaIspezioneInput): Promise<'inviata' | 'superata'> {
    const s = input.scadenza;
    const still = await this.pending(input.richiestaId, input.state, new Date(Math.max(Date.now(), Date.parse(s.at))));
    if (!still.some((x) => x.chiave === s.chiave)) return 'superata';
    const rows = await this.richieste.transazione(async (m) => {
      const row = await this.notifications.store(m, {
        chiave: chiave(input.richiestaId, s.chiave),
        ufficio: s.destinatario.ispettorato,
        destinatario: s.destinatario.tipo === 'ispettore' ? { tipo: 'utente', nome: s.destinatario.nome } : { tipo: 'ruolo', nome: s.destinatario.nome },
        procedura: 'ispezioni',
        entitaId: input.richiestaId,
        tipo: s.tipo,
        titolo: `Ispezione: ${s.riferimento.termine} (${s.tipo})`,
        testo: `Termine ${s.riferimento.termine} con scadenza ${s.riferimento.scadeIl}`,
        dati: { ...s.riferimento },
      });
      if (row) {
        await this.audit.append(m, {
          actor: SISTEMA(s.destinatario.ispettorato),
          procedura: 'ispezioni',
          entita: 'richiesta-intervento',
          entitaId: input.richiestaId,
          azione: `scadenza-${s.tipo}`,
          dopo: { termine: s.riferimento.termine, tentativo: s.riferimento.tentativo },
          idempotencyKey: chiave(input.richiestaId, s.chiave),
        });
      }
      return [row];
    });
    await this.notifications.deliver(rows);
    return 'inviata';
  }
}
