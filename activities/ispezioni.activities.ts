import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { italianHolidays } from '../libs/domain/src/calendar/festivita';
import { dataItaliana } from '../libs/domain/src/calendar/ora-italiana';
import { valutaIdoneita, violazioniRiassegnazione } from '../libs/domain/src/ispezioni/idoneita';
import { IspezioneState, initialIspezioneState } from '../libs/domain/src/ispezioni/ispezione.state';
import type { EsitoIdoneita, Ispettore, Priorita } from '../libs/domain/src/ispezioni/ispezioni.types';
import { PoliticaIspettorato as Politica, politicaDi } from '../libs/domain/src/ispezioni/politica';
import { ScadenzaIspezione, dateIspezione, scadenzeIspezione } from '../libs/domain/src/ispezioni/scadenze';
import type { RuleViolation } from '../libs/domain/src/common/violation';
import { AuditTrail } from '../libs/infrastructure/src/audit/audit.trail';
import { IspettoriRepository } from '../libs/infrastructure/src/ispezioni/ispettori.repository';
import { PianiVigilanzaRepository } from '../libs/infrastructure/src/ispezioni/piani-vigilanza.repository';
import { RichiestaRow, RichiesteRepository } from '../libs/infrastructure/src/ispezioni/richieste.repository';
import { NotificationsService } from '../libs/infrastructure/src/notifications/notifications.service';
import type { EseguiScadenzaIspezioneInput, SalvaIspezioneInput, ScadenzaIspezioneInput } from '../workflows/ispezioni/ispezione.types';
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

export const SISTEMA = (office: string) => ({ sub: 'sistema', roles: ['sistema'], office });
const festivi = italianHolidays();
export const chiave = (richiestaId: string, k: string) => `ispezione:${richiestaId}:${k}`;

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

/**
 * Side effects of an inspection: persisted transitions, deadline notices, and the requests of the ex-officio plans; the
 * draws and their periods are SorteggiActivities'. All idempotent.
 */
@Injectable()
export class IspezioniActivities {
  constructor(
    private readonly registro: IspettoriRepository,
    private readonly richieste: RichiesteRepository,
    private readonly piani: PianiVigilanzaRepository,
    private readonly audit: AuditTrail,
    private readonly notifications: NotificationsService,
  ) {}

  /** The request row is written by the API before the workflow starts; this only checks it is there. */
  async registraRichiesta(input: { richiestaId: string }): Promise<void> {
    if (!(await this.richieste.richiesta(input.richiestaId))) throw new Error(`richiesta ${input.richiestaId} non trovata`);
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
