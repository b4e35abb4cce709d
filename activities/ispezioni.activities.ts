import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { italianHolidays } from '../libs/domain/src/calendar/festivita';
import { valutaIdoneita } from '../libs/domain/src/ispezioni/idoneita';
import { IspezioneState, initialIspezioneState } from '../libs/domain/src/ispezioni/ispezione.machine';
import type { Priorita } from '../libs/domain/src/ispezioni/ispezioni.types';
import { ScadenzaIspezione, dateIspezione, politicaIspezione, scadenzeIspezione } from '../libs/domain/src/ispezioni/scadenze';
import { sorteggia } from '../libs/domain/src/ispezioni/sorteggio';
import type { ValoreBeacon } from '../libs/domain/src/ispezioni/ispezioni.types';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { BeaconClient } from '../libs/infrastructure/src/ispezioni/beacon';
import { IspezioniRepository, PoliticaIspettorato, RichiestaRow } from '../libs/infrastructure/src/ispezioni/ispezioni.repository';
import { NotificationsService } from '../libs/infrastructure/src/notifications/notifications.service';
import type {
  AssegnaInput, EseguiScadenzaIspezioneInput, EsitoAssegnazione, SalvaIspezioneInput, ScadenzaIspezioneInput,
} from '../workflows/ispezione/ispezione.types';

/** What a new intervention request holds, from the intake form or an ex-officio plan's entry. */
export type NuovaRichiesta = Pick<RichiestaRow, 'id' | 'ispettorato' | 'fonte' | 'aziendaId' | 'sede' | 'territorio' | 'tipoPratica' | 'priorita' | 'descrizione'> & {
  registrataDa: { sub: string; roles: string[]; office: string };
  requestId?: string;
};

export const ispezioneWorkflowId = (ispettorato: string, id: string) => `ispezione:${ispettorato}:${id}`;

/** Records a request and its audit row once (a retry with the same id writes nothing); its workflow starts next. */
export async function registraRichiestaIntervento(repo: IspezioniRepository, audit: AuditTrail, r: NuovaRichiesta): Promise<void> {
  await repo.db.transaction(async (m) => {
    const fresh = await repo.creaRichiesta(m, {
      id: r.id, workflowId: ispezioneWorkflowId(r.ispettorato, r.id), ispettorato: r.ispettorato, fonte: r.fonte, aziendaId: r.aziendaId, sede: r.sede,
      territorio: r.territorio, tipoPratica: r.tipoPratica, priorita: r.priorita, descrizione: r.descrizione, stato: 'registrata',
      statoProcedura: initialIspezioneState({ richiestaId: r.id, ispettorato: r.ispettorato }) as unknown as Record<string, unknown>,
      registrataDa: r.registrataDa.sub, registrataIl: new Date(),
    });
    if (!fresh) return;
    await audit.append(m, {
      actor: r.registrataDa, procedura: 'ispezioni', entita: 'richiesta-intervento', entitaId: r.id, azione: 'registrata', requestId: r.requestId,
      dopo: { fonte: r.fonte, aziendaId: r.aziendaId, tipoPratica: r.tipoPratica, priorita: r.priorita }, idempotencyKey: `richiesta:${r.id}:registrata`,
    });
  });
}

const SISTEMA = (office: string) => ({ sub: 'sistema', roles: ['sistema'], office });
const festivi = italianHolidays();
const chiave = (richiestaId: string, k: string) => `ispezione:${richiestaId}:${k}`;

/** Side effects of an inspection: the recorded draw, persisted transitions, and deadline notices. All idempotent. */
@Injectable()
export class IspezioniActivities {
  constructor(
    private readonly repo: IspezioniRepository,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationsService,
    private readonly beacon: BeaconClient,
  ) {}

  /** The request row is written by the API before the workflow starts; this only checks it is there. */
  async registraRichiesta(input: { richiestaId: string }): Promise<void> {
    if (!(await this.repo.richiesta(input.richiestaId))) throw new Error(`richiesta ${input.richiestaId} not found`);
  }

  /**
   * Eligibility, then the draw, recorded in the hash chain in the same transaction that assigns the request; the
   * result leaves this activity only after it is committed. A retry finds the draw of that attempt and returns it:
   * an attempt is never drawn twice.
   */
  async assegna(input: AssegnaInput): Promise<EsitoAssegnazione> {
    // The beacon round after the request's registration, fetched before any lock is taken; until it is published
    // this throws and the activity is retried.
    let beacon: ValoreBeacon | null = null;
    if (this.beacon.configurato) {
      const r = await this.repo.richiesta(input.richiestaId);
      if (!r) throw new Error(`richiesta ${input.richiestaId} not found`);
      beacon = await this.beacon.valore(this.beacon.roundDopo(r.registrataIl));
    }
    return this.repo.db.transaction(async (m) => {
      const r = await this.repo.richiesta(input.richiestaId, m, true);
      if (!r) throw new Error(`richiesta ${input.richiestaId} not found`);
      const done = await this.repo.sorteggioDi(r.id, input.tentativo, m);
      if (done) return { esito: 'assegnata', sorteggioId: done.id, ispettoreId: done.ispettoreId };
      const isp = await this.repo.ispettorato(r.ispettorato, m);
      const politica = (isp?.politica ?? {}) as PoliticaIspettorato;
      const ispettori = await this.repo.ispettori(r.ispettorato, m);
      const oggi = new Date().toISOString().slice(0, 10);
      const idoneita = valutaIdoneita(
        { id: r.id, ispettorato: r.ispettorato, territorio: r.territorio, tipoPratica: r.tipoPratica, aziendaId: r.aziendaId, dataAssegnazione: oggi },
        ispettori, await this.repo.conflitti(r.aziendaId, m), await this.repo.precedenti(r.aziendaId, r.id, m),
        { finestraRotazioneAnni: politica.finestraRotazioneAnni ?? 3, astenuti: input.astenuti },
      );
      if (!idoneita.idonei.length) {
        await this.notify(m, r.id, r.ispettorato, `nessun-idoneo:${input.tentativo}`, 'Nessun ispettore idoneo per la richiesta', `${idoneita.esclusi.length} ispettori esclusi: aggiornare il registro o riassegnare`);
        return { esito: 'nessun-idoneo', esclusi: idoneita.esclusi.length };
      }
      const periodo = await this.repo.periodoPer(r.ispettorato, r.registrataIl, m);
      if (!periodo?.segreto) {
        await this.notify(m, r.id, r.ispettorato, `periodo-mancante:${input.tentativo}`, 'Nessun periodo di sorteggio pubblicato', 'pubblicare l\'impegno del periodo prima di ricevere richieste');
        return { esito: 'periodo-mancante', dettaglio: `no period of ${r.ispettorato} published before ${r.registrataIl.toISOString()}` };
      }
      const byId = new Map(ispettori.map((i) => [i.id, i]));
      const t = sorteggia({
        segreto: periodo.segreto, impegnoSegreto: periodo.impegno, ispettorato: r.ispettorato, periodo: periodo.periodo, richiestaId: r.id,
        tentativo: input.tentativo, beacon,
        candidati: idoneita.idonei.map((id) => ({ ispettoreId: id, caricoAperto: byId.get(id)!.caricoAperto })),
        esclusi: idoneita.esclusi, registratoIl: new Date().toISOString(),
      });
      const row = await this.repo.registraSorteggio(m, t);
      await this.audit.append(m, {
        actor: SISTEMA(r.ispettorato), procedura: 'ispezioni', entita: 'richiesta-intervento', entitaId: r.id, azione: 'sorteggio',
        dopo: { sorteggioId: row.id, tentativo: t.tentativo, scelto: t.estrazione.scelto, candidati: t.candidati.length, hash: row.hash },
        idempotencyKey: `sorteggio:${r.id}:${t.tentativo}`,
      });
      return { esito: 'assegnata', sorteggioId: row.id, ispettoreId: t.estrazione.scelto };
    });
  }

  /** Persists one accepted transition (state snapshot, manual reassignment rows, audit, notice), once per event key. */
  async salvaIspezione(input: SalvaIspezioneInput): Promise<void> {
    const { transition: t, state } = input;
    const rows = await this.repo.db.transaction(async (m) => {
      // Lock order everywhere: the entity's row first, then the audit chain (assegna does the same).
      await this.repo.richiesta(input.richiestaId, m, true);
      const fresh = await this.audit.append(m, {
        actor: t.actor ?? SISTEMA(state.ispettorato), procedura: 'ispezioni', entita: 'richiesta-intervento', entitaId: input.richiestaId,
        azione: t.azione, motivazione: t.motivazione ?? null, prima: { stato: t.from }, dopo: { stato: t.to, ispettoreId: state.ispettoreId ?? null, tentativo: state.tentativo },
        requestId: input.requestId, idempotencyKey: input.eventKey, at: new Date(t.at),
      });
      if (!fresh) return [];
      await this.repo.aggiornaRichiesta(m, input.richiestaId, state.stato, state.ispettoreId ?? null, state.tentativo, state);
      if (t.azione === 'riassegnazioneProposta' && state.riassegnazione) {
        await m.query(
          `INSERT INTO riassegnazioni_manuali (id, richiesta_id, ispettore_id, motivo, proposta_da, proposta_il, stato) VALUES ($1, $2, $3, $4, $5, $6, 'proposta')`,
          [randomUUID(), input.richiestaId, state.riassegnazione.ispettoreId, state.riassegnazione.motivo, state.riassegnazione.propostaDa, state.riassegnazione.propostaIl],
        );
      }
      if (t.azione === 'riassegnazioneDecisa') {
        await m.query(
          `UPDATE riassegnazioni_manuali SET stato = $2, decisa_da = $3, decisa_il = $4 WHERE richiesta_id = $1 AND stato = 'proposta'`,
          [input.richiestaId, state.riassegnazione?.stato === 'approvata' ? 'approvata' : 'respinta', t.actor?.sub ?? null, t.at],
        );
      }
      const notices = [];
      if (t.azione === 'assegnata' && state.ispettoreId) {
        notices.push(await this.notifications.store(m, {
          chiave: chiave(input.richiestaId, `assegnata:${state.tentativo}`), ufficio: state.ispettorato, destinatario: { tipo: 'utente', nome: state.ispettoreId },
          procedura: 'ispezioni', entitaId: input.richiestaId, tipo: 'assegnazione', titolo: 'Nuova ispezione assegnata',
          testo: `Assegnata ${t.ispettoreId ? `a ${t.ispettoreId}` : ''} (${state.assegnataVia}, tentativo ${state.tentativo}): accettare o dichiarare l'astensione`,
        }));
      }
      if (t.azione === 'astensione') {
        notices.push(await this.notifications.store(m, {
          chiave: chiave(input.richiestaId, `astensione:${state.tentativo}`), ufficio: state.ispettorato, destinatario: { tipo: 'ruolo', nome: 'dirigente' },
          procedura: 'ispezioni', entitaId: input.richiestaId, tipo: 'astensione', titolo: 'Astensione dichiarata', testo: t.motivazione ?? '',
        }));
      }
      return notices;
    });
    await this.notifications.deliver(rows);
  }

  private async notify(m: Parameters<NotificationsService['store']>[0], richiestaId: string, ufficio: string, k: string, titolo: string, testo: string) {
    await this.notifications.store(m, {
      chiave: chiave(richiestaId, k), ufficio, destinatario: { tipo: 'ruolo', nome: 'dirigente' }, procedura: 'ispezioni', entitaId: richiestaId,
      tipo: 'assegnazione-sospesa', titolo, testo,
    });
  }

  private async pending(richiestaId: string, state: IspezioneState, now: Date): Promise<ScadenzaIspezione[]> {
    const r = await this.repo.richiesta(richiestaId);
    if (!r) return [];
    if (!state?.stato || ['registrata', 'chiusa'].includes(state.stato)) return [];
    const isp = await this.repo.ispettorato(r.ispettorato);
    const { finestraRotazioneAnni: _f, ...override } = (isp?.politica ?? {}) as PoliticaIspettorato;
    void _f;
    const prefix = chiave(richiestaId, '');
    const usate = await this.notifications.chiaviUsate('ispezioni', richiestaId);
    const eseguite = new Set([...usate].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
    return scadenzeIspezione(state, dateIspezione(state), r.priorita as Priorita, politicaIspezione(override), festivi, eseguite, now);
  }

  /** The plan's next entry still to become a request (soonest first), or null when all have. */
  async prossimaVoceVigilanza(input: { pianoId: string }): Promise<{ id: string; data: string } | null> {
    const [v] = await this.repo.db.query(
      'SELECT id, data FROM piani_vigilanza_voci WHERE piano_id = $1 AND richiesta_id IS NULL ORDER BY data, numero LIMIT 1',
      [input.pianoId],
    );
    return v ? { id: v.id, data: (v.data as Date).toISOString() } : null;
  }

  /** Registers the entry's request (its id is the entry's: idempotent) as the plan's author, source 'piano-ufficio'. */
  async generaRichiestaVigilanza(input: { pianoId: string; voceId: string }): Promise<{ richiestaId: string }> {
    const [v] = await this.repo.db.query(
      `SELECT v.*, p.ispettorato, p.caricato_da FROM piani_vigilanza_voci v JOIN piani_vigilanza p ON p.id = v.piano_id WHERE v.id = $1 AND v.piano_id = $2`,
      [input.voceId, input.pianoId],
    );
    if (!v) throw new Error(`voce ${input.voceId} not found`);
    await registraRichiestaIntervento(this.repo, this.audit, {
      id: v.id, ispettorato: v.ispettorato, fonte: 'piano-ufficio', aziendaId: v.azienda_id, sede: v.sede, territorio: v.territorio,
      tipoPratica: v.tipo_pratica, priorita: v.priorita, descrizione: v.descrizione,
      registrataDa: { sub: v.caricato_da, roles: ['dirigente'], office: v.ispettorato },
    });
    return { richiestaId: v.id };
  }

  async collegaVoceVigilanza(input: { voceId: string; richiestaId: string }): Promise<void> {
    await this.repo.db.query('UPDATE piani_vigilanza_voci SET richiesta_id = $2 WHERE id = $1', [input.voceId, input.richiestaId]);
  }

  async prossimaScadenzaIspezione(input: ScadenzaIspezioneInput): Promise<ScadenzaIspezione | null> {
    return (await this.pending(input.richiestaId, input.state, new Date(input.now)))[0] ?? null;
  }

  async eseguiScadenzaIspezione(input: EseguiScadenzaIspezioneInput): Promise<'inviata' | 'superata'> {
    const s = input.scadenza;
    const still = await this.pending(input.richiestaId, input.state, new Date(Math.max(Date.now(), Date.parse(s.at))));
    if (!still.some((x) => x.chiave === s.chiave)) return 'superata';
    const rows = await this.repo.db.transaction(async (m) => {
      const row = await this.notifications.store(m, {
        chiave: chiave(input.richiestaId, s.chiave), ufficio: s.destinatario.ispettorato,
        destinatario: s.destinatario.tipo === 'ispettore' ? { tipo: 'utente', nome: s.destinatario.nome } : { tipo: 'ruolo', nome: s.destinatario.nome },
        procedura: 'ispezioni', entitaId: input.richiestaId, tipo: s.tipo, titolo: `Ispezione: ${s.riferimento.termine} (${s.tipo})`,
        testo: `Termine ${s.riferimento.termine} con scadenza ${s.riferimento.scadeIl}`, dati: { ...s.riferimento },
      });
      if (row) {
        await this.audit.append(m, {
          actor: SISTEMA(s.destinatario.ispettorato), procedura: 'ispezioni', entita: 'richiesta-intervento', entitaId: input.richiestaId,
          azione: `scadenza-${s.tipo}`, dopo: { termine: s.riferimento.termine, tentativo: s.riferimento.tentativo }, idempotencyKey: chiave(input.richiestaId, s.chiave),
        });
      }
      return [row];
    });
    await this.notifications.deliver(rows);
    return 'inviata';
  }
}
