import { Injectable } from '@nestjs/common';
import { dataItaliana, fineGiornoItaliano } from '../libs/domain/src/calendar/ora-italiana';
import { statisticheImparzialita } from '../libs/domain/src/ispezioni/imparzialita';
import type {
  EsitoIdoneita,
  Ispettore,
  RegolaEsclusione,
  TrascrizioneManuale,
  TrascrizioneSorteggio,
  ValoreBeacon,
} from '../libs/domain/src/ispezioni/ispezioni.types';
import { periodiDaCreare } from '../libs/domain/src/ispezioni/periodi';
import { PoliticaIspettorato as Politica, politicaDi } from '../libs/domain/src/ispezioni/politica';
import { sorteggia } from '../libs/domain/src/ispezioni/sorteggio';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { BeaconClient } from '../libs/infrastructure/src/ispezioni/beacon';
import { IspettoriRepository } from '../libs/infrastructure/src/ispezioni/ispettori.repository';
import { RichiesteRepository } from '../libs/infrastructure/src/ispezioni/richieste.repository';
import { PeriodoRow, SorteggiRepository } from '../libs/infrastructure/src/ispezioni/sorteggi.repository';
import { NotificationsService } from '../libs/infrastructure/src/notifications/notifications.service';
import type {
  AssegnaInput,
  AssegnaManualeInput,
  EsitoAssegnazione,
  EsitoAssegnazioneManuale,
  ManutenzioneInput,
  ManutenzioneOutput,
} from '../workflows/ispezioni/ispezione.types';
import { SISTEMA, chiave, idoneitaRichiesta, verificaRiassegnazione } from './ispezioni.activities';

const GIORNO = 86_400_000;
/** Rules a manual assignment is checked against (the same as a draw's). */
const REGOLE_IDONEITA: RegolaEsclusione[] = ['territorio', 'qualifica', 'assenza', 'conflitto', 'rotazione', 'astensione'];

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

/**
 * The inspections' draws: the draw of a request (or an approved manual assignment) recorded in the inspectorate's
 * chain, and the commit-reveal periods the draws use. Registered by the worker next to IspezioniActivities, under the
 * same activity names as when they were one class. All idempotent.
 */
@Injectable()
export class SorteggiActivities {
  constructor(
    private readonly registro: IspettoriRepository,
    private readonly richieste: RichiesteRepository,
    private readonly sorteggi: SorteggiRepository,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationsService,
    private readonly beacon: BeaconClient,
  ) {}

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
}
