import type { Actor, Role } from '../auth/roles';
import { addDays, parseIsoDate } from '../calendar/calendario';
import { guardiaMotivo, guardiaRuolo, guardiaStato, guardiaUfficio } from '../common/guardie';
import { Decision, RuleViolation, accept, refuse } from '../common/violation';
import {
  PeriodoSospensione,
  SETTIMANE_MAX_PRESENZE_MESE,
  comeFrazione,
  dataFineEffettiva,
  durataMassimaFine,
  giorniInclusi,
  mesiDelPeriodo,
  oreProgrammate,
  percentualePresenze,
  presenzaSufficiente,
  tettoPresenzeMese,
} from './durata';
import type { CausaSospensione, ControlloTirocinante, DocumentoAllegato, IsoDate, ProgettoFormativo, RegolaSospensione, RegolePackTirocini } from './tirocini.types';
import type { ControlloSede } from './dipendenti';

/**
 * The life cycle of a tirocinio extracurricolare (DOMAIN §1) as a pure state machine, in the style of decideIspezione:
 *
 *   bozza ─invio─▶ inviata ─decisione(integrazioni)─▶ integrazioni-richieste ─integrazione─▶ integrata ─decisione─▶ …
 *                                                     └─scadenzaIntegrazioni─▶ archiviata
 *   inviata | integrata ─decisione(respinta)─▶ respinta
 *   inviata | integrata ─decisione(approvata)─▶ attesa-comunicazione
 *   attesa-comunicazione ─avvio─▶ attiva (CO recorded) | avvio-bloccato (no CO) ─comunicazioneObbligatoria─▶ attiva
 *   attiva ─sospensione─▶ sospesa ─ripresa─▶ attiva;  attiva ─conclusione─▶ conclusa
 *   attesa-comunicazione | avvio-bloccato | attiva | sospesa ─interruzione─▶ interrotta
 *   conclusa | interrotta: presenze still recordable, then esitoAttestazione (once) records the attestazione.
 *
 * Design choices the caller must know:
 * - 'approvata' is folded into the decision: an approval goes straight to 'attesa-comunicazione' (the transition
 *   records `dettagli.esito = 'approvata'` and `state.decisione`). There is no 'approvata' state.
 * - "Today" is the UTC date of `now`. The workflow passes the procedure clock's logical now (orologio.adessoLogico),
 *   so with a shrunk day the dates advance with the clock. Timer events (avvio, conclusione, scadenzaIntegrazioni)
 *   are refused when their date has not been reached, and conclusione / scadenzaIntegrazioni carry the date they were
 *   scheduled for: a stale timer (the end moved, a new integration round) is refused.
 * - The rule pack's values are copied into `limiti` when the state is created (at submission, with the pack in force
 *   that day, the longer maximum for svantaggiati); `invio` must carry the same `versioneRegole`. Later decisions
 *   never read the pack.
 * - Every person acting must belong to the practice's office (actor.office = ufficio). Who may do what:
 *   RUOLI_EVENTO_TIROCINIO. The ospitante records the CO and attendance; sospensione / ripresa / proroga /
 *   interruzione are recorded by the promotore or an operatore (the ospitante asks them; the tirocinante is not a
 *   user: `parte` says on whose initiative). Timer events and esitoAttestazione come from the system.
 * - Segregation of duties: whoever created, last edited, submitted or integrated the practice (`autori`) cannot
 *   decide it (rule 'separazione-funzioni').
 * - Attendance: one record per month; a second one for the same month is refused unless `rettifica: true`, which
 *   replaces it (the transition keeps the previous hours). Hours ≥ 0, at most two decimals, at most the month's cap
 *   (tettoPresenzeMese: the whole weeks of weekly hours that the month's days inside the period, up to the effective
 *   end or the interruption, and not suspended can hold; never more than 5 weeks). A rettifica is held to the cap as
 *   it is when it is recorded. Attendance can be recorded while attiva/sospesa and after the end (the last month's
 *   register comes after it) until the attestazione is recorded. Histories recorded before the cap was prorated
 *   replay with the fixed one (RegoleStoriche).
 * - Suspension: only from 'attiva', for a cause of the pack, from a date not after today. Its minimum length is
 *   checked at the ripresa: a shorter one is accepted but recorded as `conteggiata: false` (an absence, not a
 *   suspension): it does not move the end date nor reduce the planned hours. The minimum is the larger of the
 *   cause's `minimoGiorni` and `minimoFrazioneDurata` × the planned period (dataInizio .. dataFinePrevista, days).
 * - Proroga: `nuovaDataFine` is the new PLANNED end (suspensions excluded, as in the PFI); the effective end is
 *   recomputed. Refused unless later than the current planned end and within the maximum duration.
 * - Conclusion: a timer at the day after dataFineEffettiva, only from 'attiva'. While 'sospesa' the end is not
 *   reached: an open suspension will move the end by at least the days it lasts, so the schedule sets no conclusion
 *   until the ripresa (a stale timer is refused anyway).
 * - Interruption closes an open suspension on the interruption day. Before the start (attesa-comunicazione or
 *   avvio-bloccato: e.g. the CO was never sent) it is the way out; the attestazione is then recorded as not issued.
 * - The attestazione (issued only if attendance ≥ the threshold of the planned hours of the whole PFI, also when
 *   interrupted) is refused as issued when attendance is insufficient; "not issued" needs a reason.
 */
export const STATI_TIROCINIO = [
  'bozza',
  'inviata',
  'integrazioni-richieste',
  'integrata',
  'attesa-comunicazione',
  'avvio-bloccato',
  'attiva',
  'sospesa',
  'conclusa',
  'interrotta',
  'respinta',
  'archiviata',
  'ritirata',
] as const;
export type StatoTirocinio = (typeof STATI_TIROCINIO)[number];

/** States in which the practice holds a place (counted against host, tutor and trainee limits). */
export const STATI_CON_POSTO: readonly StatoTirocinio[] = ['inviata', 'integrazioni-richieste', 'integrata', 'attesa-comunicazione', 'avvio-bloccato', 'attiva', 'sospesa'];
/** States after which nothing changes any more (conclusa / interrotta end once the attestazione is recorded). */
export const STATI_FINALI_TIROCINIO: readonly StatoTirocinio[] = ['respinta', 'archiviata', 'ritirata'];

/** Nothing is left to do for the practice: a final state, or the attestazione decided (issued or not). */
export function tirocinioTerminato(state: Pick<TirocinioState, 'stato' | 'attestazione'>): boolean {
  return STATI_FINALI_TIROCINIO.includes(state.stato) || !!state.attestazione;
}

export const ESITI_DECISIONE_TIROCINIO = ['approvata', 'respinta', 'integrazioni'] as const;
export type EsitoDecisioneTirocinio = (typeof ESITI_DECISIONE_TIROCINIO)[number];

export const PARTI_INTERRUZIONE = ['tirocinante', 'ospitante', 'promotore'] as const;
export type ParteInterruzione = (typeof PARTI_INTERRUZIONE)[number];

/** Minimum length (trimmed) of a reason. */
export const MOTIVO_MIN_TIROCINIO = 10;

/** Days the office has to decide a submitted (or integrated) practice: the inbox's deadline and the indicators' standard. */
export const GIORNI_DECISIONE = 30;

/**
 * Days after the end in which the host may still record the attendance of months missing from the register (the
 * last month's register arrives after it ends). The attestazione is decided when they are all in, or when these days
 * have passed. A configured default.
 */
export const GIORNI_REGISTRO_FINALE = 10;

/** The rule pack's values the life cycle needs, copied at submission. */
export interface LimitiTirocinio {
  durataMinimaMesi: number;
  /** Already the svantaggiati maximum when the trainee is svantaggiato. */
  durataMassimaMesi: number;
  sogliaPresenze: number;
  causeSospensione: RegolaSospensione[];
  integrazioneGiorniLavorativi: number;
  preavvisoComunicazioneGiorniLavorativi: number;
}

export function limitiTirocinio(regole: RegolePackTirocini, svantaggiato: boolean): LimitiTirocinio {
  return {
    durataMinimaMesi: regole.durataMinimaMesi,
    durataMassimaMesi: svantaggiato ? regole.durataMassimaMesiSvantaggiati : regole.durataMassimaMesi,
    sogliaPresenze: regole.sogliaPresenze,
    causeSospensione: regole.causeSospensione.map((c) => ({ ...c })),
    integrazioneGiorniLavorativi: regole.integrazioneGiorniLavorativi,
    preavvisoComunicazioneGiorniLavorativi: regole.preavvisoComunicazioneGiorniLavorativi,
  };
}

export interface SospensioneTirocinio extends PeriodoSospensione {
  causa: CausaSospensione;
  motivo: string;
  registrataDa: string;
  registrataIl: string;
  ripresaRegistrataDa?: string;
  ripresaRegistrataIl?: string;
  /** Set at the ripresa: false when shorter than the cause's minimum (then it moves nothing). */
  conteggiata?: boolean;
}

export interface PresenzaMensile {
  mese: string;
  ore: number;
  registrataDa: string;
  registrataIl: string;
  /** How many times the month was corrected. */
  rettifiche: number;
}

export interface ProrogaTirocinio {
  /** Planned end before and after. */
  daDataFine: IsoDate;
  aDataFine: IsoDate;
  motivo: string;
  registrataDa: string;
  registrataIl: string;
}

export interface ComunicazioneObbligatoria {
  codice: string;
  data: IsoDate;
  registrataDa: string;
  registrataIl: string;
}

export interface IntegrazioneTirocinio {
  richiesta: { motivo: string; scadenza: IsoDate; richiestaDa: string; il: string };
  risposta?: { note: string; da: string; il: string };
}

export interface DecisioneTirocinio {
  esito: 'approvata' | 'respinta';
  motivo?: string;
  decisaDa: string;
  il: string;
}

export interface InterruzioneTirocinio {
  parte: ParteInterruzione;
  motivo: string;
  /** The interruption day (today at recording). */
  data: IsoDate;
  registrataDa: string;
  il: string;
}

export type EsitoAttestazioneInput = { emessa: true; documentoId: string; sha256: string } | { emessa: false; motivo: string };
export type Attestazione = EsitoAttestazioneInput & { il: string };

export interface TirocinioState {
  tirocinioId: string;
  /** The CPI handling the practice: every person acting belongs to it. */
  ufficio: string;
  stato: StatoTirocinio;
  creatoDa: string;
  ultimaModificaDa: string;
  /** Everyone who created, edited, submitted or integrated the practice: none of them may decide it. */
  autori: string[];
  inviataDa?: string;
  /** First submission (ISO instant). */
  inviataIl?: string;
  versioneRegole: string;
  limiti: LimitiTirocinio;
  svantaggiato: boolean;
  dataInizio: IsoDate;
  /** The PFI's end, moved by prorogations; suspensions excluded. */
  dataFinePrevista: IsoDate;
  /** dataFinePrevista moved by the closed, counted suspensions. */
  dataFineEffettiva: IsoDate;
  oreSettimanali: number;
  /** The documents as last submitted or integrated (references and digests). */
  documenti: DocumentoAllegato[];
  sospensioni: SospensioneTirocinio[];
  /** In month order. */
  presenze: PresenzaMensile[];
  proroghe: ProrogaTirocinio[];
  integrazioni: IntegrazioneTirocinio[];
  comunicazione?: ComunicazioneObbligatoria;
  /** The final decision (approvata / respinta); integration requests are in `integrazioni`. */
  decisione?: DecisioneTirocinio;
  avviataIl?: string;
  bloccataIl?: string;
  archiviataIl?: string;
  /** Withdrawn by the promotore (or an operatore) before the start: who, when, why. Its place is free at once. */
  ritiro?: { da: string; il: string; motivo: string };
  /** When the traineeship ended, concluded or interrupted (ISO instant). */
  conclusaIl?: string;
  interruzione?: InterruzioneTirocinio;
  attestazione?: Attestazione;
}

export type TirocinioEvent =
  /** `editori`: everyone who edited the draft or uploaded its documents (they join `autori`: none of them may decide). */
  | { type: 'invio'; actor: Actor; versioneRegole: string; violazioni: RuleViolation[]; documenti?: DocumentoAllegato[]; editori?: string[] }
  | { type: 'decisione'; actor: Actor; esito: EsitoDecisioneTirocinio; motivo?: string; scadenzaIntegrazioni?: IsoDate }
  /**
   * `controlloSede`, `controlloTirocinante`: what the re-run checks read from the registry (the site's count and its
   * date; the trainee's codice fiscale and birth date), for the audit trail.
   */
  | { type: 'integrazione'; actor: Actor; note: string; documenti?: DocumentoAllegato[]; editori?: string[]; controlloSede?: ControlloSede; controlloTirocinante?: ControlloTirocinante }
  | { type: 'scadenzaIntegrazioni'; scadenza: IsoDate }
  | { type: 'comunicazioneObbligatoria'; actor: Actor; codice: string; data: IsoDate }
  | { type: 'avvio' }
  | { type: 'presenze'; actor: Actor; mese: string; ore: number; rettifica?: boolean }
  | { type: 'sospensione'; actor: Actor; causa: CausaSospensione; dal: IsoDate; motivo: string }
  | { type: 'ripresa'; actor: Actor; al: IsoDate }
  | { type: 'proroga'; actor: Actor; nuovaDataFine: IsoDate; motivo: string; controlloSede?: ControlloSede; controlloTirocinante?: ControlloTirocinante }
  | { type: 'interruzione'; actor: Actor; parte: ParteInterruzione; motivo: string }
  | { type: 'ritiro'; actor: Actor; motivo: string }
  | { type: 'conclusione'; dataFine: IsoDate }
  | { type: 'esitoAttestazione'; attestazione: EsitoAttestazioneInput };

export type EventoTirocinio = TirocinioEvent['type'];

/** A step for the audit trail: who (`attore`: token subject, null for timers and the system), when, what, why. */
export interface TransizioneTirocinio {
  da: StatoTirocinio;
  a: StatoTirocinio;
  evento: EventoTirocinio;
  attore: string | null;
  il: string;
  motivo?: string;
  dettagli?: Record<string, unknown>;
}

export interface TirocinioStep {
  state: TirocinioState;
  transition: TransizioneTirocinio;
}

/** Roles that may send each event a person sends (of the practice's office). */
export const RUOLI_EVENTO_TIROCINIO = {
  invio: ['operatore', 'promotore'],
  decisione: ['responsabile'],
  integrazione: ['operatore', 'promotore'],
  comunicazioneObbligatoria: ['ospitante', 'promotore', 'operatore'],
  presenze: ['ospitante', 'promotore', 'operatore'],
  sospensione: ['promotore', 'operatore'],
  ripresa: ['promotore', 'operatore'],
  proroga: ['promotore', 'operatore'],
  interruzione: ['promotore', 'operatore'],
  ritiro: ['promotore', 'operatore'],
} as const satisfies Partial<Record<EventoTirocinio, readonly Role[]>>;

export function initialTirocinioState(input: {
  tirocinioId: string;
  ufficio: string;
  progetto: Pick<ProgettoFormativo, 'dataInizio' | 'dataFine' | 'oreSettimanali' | 'svantaggiato'>;
  regole: RegolePackTirocini;
  creatoDa: string;
  ultimaModificaDa?: string;
}): TirocinioState {
  const { progetto } = input;
  parseIsoDate(progetto.dataInizio);
  parseIsoDate(progetto.dataFine);
  const ultimaModificaDa = input.ultimaModificaDa ?? input.creatoDa;
  return {
    tirocinioId: input.tirocinioId,
    ufficio: input.ufficio,
    stato: 'bozza',
    creatoDa: input.creatoDa,
    ultimaModificaDa,
    autori: ultimaModificaDa === input.creatoDa ? [input.creatoDa] : [input.creatoDa, ultimaModificaDa],
    versioneRegole: input.regole.versione,
    limiti: limitiTirocinio(input.regole, progetto.svantaggiato),
    svantaggiato: progetto.svantaggiato,
    dataInizio: progetto.dataInizio,
    dataFinePrevista: progetto.dataFine,
    dataFineEffettiva: progetto.dataFine,
    oreSettimanali: progetto.oreSettimanali,
    documenti: [],
    sospensioni: [],
    presenze: [],
    proroghe: [],
    integrazioni: [],
  };
}

// ---- rules shared by several events ----

const oggiDi = (now: Date): IsoDate => now.toISOString().slice(0, 10);
const meseDi = (d: IsoDate) => d.slice(0, 7);
const aggiungi = (xs: readonly string[], x: string) => (xs.includes(x) ? [...xs] : [...xs, x]);

/** What the API's checks read from the registry for a step, as given (an event without them, as before, adds none). */
const controlli = (e: { controlloSede?: ControlloSede; controlloTirocinante?: ControlloTirocinante }) => ({
  ...(e.controlloSede ? { controlloSede: e.controlloSede } : {}), ...(e.controlloTirocinante ? { controlloTirocinante: e.controlloTirocinante } : {}),
});

const statoAmmesso = (state: TirocinioState, ammessi: readonly StatoTirocinio[], azione: string) =>
  guardiaStato(state.stato, ammessi, `${azione}: ammesso solo negli stati ${ammessi.join(', ')}`);

const persona = (state: TirocinioState, actor: Actor, ruoli: readonly Role[]) => [
  ...guardiaRuolo(actor, ruoli, `solo ${ruoli.join(' o ')} può farlo`),
  ...guardiaUfficio(actor, state.ufficio, `il tirocinio è dell'ufficio ${state.ufficio}`),
];

const motivazione = (testo: string | undefined, field = 'motivo') => guardiaMotivo(testo, field, MOTIVO_MIN_TIROCINIO);

function dataValida(d: unknown, field: string): RuleViolation[] {
  try {
    parseIsoDate(d as string);
    return [];
  } catch {
    return [{ rule: 'data-non-valida', field, message: 'serve una data di calendario AAAA-MM-GG', found: d }];
  }
}

function nonFutura(d: IsoDate, oggi: IsoDate, field: string): RuleViolation[] {
  return d > oggi ? [{ rule: 'data-futura', field, message: 'la data non può essere futura', found: d, limit: oggi }] : [];
}

/** A number as Italian users write it: 37,5. */
const numero = (x: number) => String(x).replace('.', ',');
const plurale = (n: number, uno: string, molti: string) => `${n} ${n === 1 ? uno : molti}`;

const SHA256 = /^[0-9a-f]{64}$/;
const MESE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether a closed suspension of `giorni` days counts for its cause (see the file's comment). */
function minimoSospensione(state: TirocinioState, causa: CausaSospensione): { giorni: number; frazione?: { num: number; den: number }; durata: number } {
  const regola = state.limiti.causeSospensione.find((c) => c.causa === causa);
  const durata = giorniInclusi(state.dataInizio, state.dataFinePrevista);
  return {
    giorni: regola?.minimoGiorni ?? 0,
    frazione: regola?.minimoFrazioneDurata !== undefined ? comeFrazione(regola.minimoFrazioneDurata) : undefined,
    durata,
  };
}

function chiudiSospensione(state: TirocinioState, al: IsoDate, actor: Actor, at: string): { sospensioni: SospensioneTirocinio[]; dettagli: Record<string, unknown> } {
  const i = state.sospensioni.length - 1;
  const aperta = state.sospensioni[i];
  const giorni = giorniInclusi(aperta.dal, al);
  const min = minimoSospensione(state, aperta.causa);
  const perFrazione = min.frazione ? giorni * min.frazione.den >= min.frazione.num * min.durata : true;
  const conteggiata = giorni >= min.giorni && perFrazione;
  const chiusa: SospensioneTirocinio = { ...aperta, al, conteggiata, ripresaRegistrataDa: actor.sub, ripresaRegistrataIl: at };
  return {
    sospensioni: [...state.sospensioni.slice(0, i), chiusa],
    dettagli: {
      causa: aperta.causa,
      dal: aperta.dal,
      al,
      giorni,
      conteggiata,
      minimoGiorni: min.giorni,
      ...(min.frazione ? { minimoFrazioneDurata: `${min.frazione.num}/${min.frazione.den}`, durataPrevistaGiorni: min.durata } : {}),
    },
  };
}

/** Attendance against the planned hours of the whole PFI (suspensions excluded). */
export function esitoPresenze(state: TirocinioState): { orePresenza: number; oreProgrammate: number; soglia: number; percentuale: number; sufficiente: boolean } {
  const centesimi = state.presenze.reduce((s, p) => s + Math.round(p.ore * 100), 0);
  const orePresenza = centesimi / 100;
  const prog = oreProgrammate(state.dataInizio, state.dataFineEffettiva, state.oreSettimanali, state.sospensioni);
  return {
    orePresenza,
    oreProgrammate: prog,
    soglia: state.limiti.sogliaPresenze,
    percentuale: percentualePresenze(orePresenza, prog),
    sufficiente: presenzaSufficiente(orePresenza, prog, state.limiti.sogliaPresenze),
  };
}

/**
 * Rules as they were before a change, for the workflow to replay what it accepted under them. The workflow's Update
 * handler runs again on every replay of a recorded history: a stricter rule there would refuse an Update the history
 * accepted, and the running workflow would break. The workflow asks Temporal's patched() and passes the old rule
 * for events recorded before the change. Absent: today's rules.
 */
export interface RegoleStoriche {
  /** The monthly attendance cap before it was prorated: SETTIMANE_MAX_PRESENZE_MESE weeks of hours whatever the month. */
  tettoPresenzeFisso?: boolean;
}

/**
 * The tirocinio's rules: given the state, an event and the time, either the next state and the transition to record,
 * or every rule the event breaks. Pure: the workflow calls it from its Update validators and handlers.
 */
export function decideTirocinio(state: TirocinioState, event: TirocinioEvent, now: Date, storiche: RegoleStoriche = {}): Decision<TirocinioStep> {
  const il = now.toISOString();
  const oggi = oggiDi(now);
  const step = (next: TirocinioState, attore: string | null, extra: { motivo?: string; dettagli?: Record<string, unknown> } = {}): Decision<TirocinioStep> =>
    accept({ state: next, transition: { da: state.stato, a: next.stato, evento: event.type, attore, il, ...extra } });

  switch (event.type) {
    case 'invio': {
      const v = [...statoAmmesso(state, ['bozza'], "l'invio"), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.invio)];
      if (event.versioneRegole !== state.versioneRegole) {
        v.push({ rule: 'versione-regole', field: 'versioneRegole', message: 'i controlli sono stati fatti con regole diverse da quelle della pratica', found: event.versioneRegole, limit: state.versioneRegole });
      }
      // The first-level checks' own violations are returned as they are.
      v.push(...(event.violazioni ?? []));
      if (v.length) return refuse(...v);
      return step(
        {
          ...state,
          stato: 'inviata',
          inviataDa: event.actor.sub,
          inviataIl: state.inviataIl ?? il,
          autori: [...(event.editori ?? []), event.actor.sub].reduce(aggiungi, state.autori),
          documenti: event.documenti ? event.documenti.map((d) => ({ ...d })) : state.documenti,
        },
        event.actor.sub,
        { dettagli: { versioneRegole: state.versioneRegole } },
      );
    }

    case 'decisione': {
      const v = [...statoAmmesso(state, ['inviata', 'integrata'], 'la decisione'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.decisione)];
      if (state.autori.includes(event.actor.sub)) {
        v.push({ rule: 'separazione-funzioni', field: 'actor', message: 'chi ha inserito, modificato, inviato o integrato la pratica non può deciderla', found: event.actor.sub, limit: state.autori });
      }
      const esito = event.esito;
      if (!(ESITI_DECISIONE_TIROCINIO as readonly string[]).includes(esito)) {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: uno tra ${ESITI_DECISIONE_TIROCINIO.join(', ')}`, found: esito, limit: ESITI_DECISIONE_TIROCINIO });
        return refuse(...v);
      }
      const m = esito === 'approvata' ? { motivo: (event.motivo ?? '').trim(), violations: [] } : motivazione(event.motivo);
      v.push(...m.violations);
      if (esito === 'integrazioni') {
        const s = event.scadenzaIntegrazioni;
        if (s === undefined || s === '') {
          v.push({ rule: 'scadenza-integrazioni-mancante', field: 'scadenzaIntegrazioni', message: 'la richiesta di integrazioni richiede una scadenza' });
        } else {
          const dv = dataValida(s, 'scadenzaIntegrazioni');
          v.push(...dv);
          if (!dv.length && s <= oggi) {
            v.push({ rule: 'scadenza-non-futura', field: 'scadenzaIntegrazioni', message: 'la scadenza delle integrazioni deve essere successiva a oggi', found: s, limit: oggi });
          }
        }
      }
      if (v.length) return refuse(...v);
      const motivo = m.motivo || undefined;
      if (esito === 'integrazioni') {
        const scadenza = event.scadenzaIntegrazioni as IsoDate;
        return step(
          {
            ...state,
            stato: 'integrazioni-richieste',
            integrazioni: [...state.integrazioni, { richiesta: { motivo: m.motivo, scadenza, richiestaDa: event.actor.sub, il } }],
          },
          event.actor.sub,
          { motivo, dettagli: { esito, scadenzaIntegrazioni: scadenza, richiesta: state.integrazioni.length + 1 } },
        );
      }
      return step(
        {
          ...state,
          stato: esito === 'approvata' ? 'attesa-comunicazione' : 'respinta',
          decisione: { esito, ...(motivo ? { motivo } : {}), decisaDa: event.actor.sub, il },
        },
        event.actor.sub,
        { motivo, dettagli: { esito } },
      );
    }

    case 'integrazione': {
      const v = [...statoAmmesso(state, ['integrazioni-richieste'], "l'integrazione"), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.integrazione)];
      const note = (event.note ?? '').trim();
      if (note === '') v.push({ rule: 'nota-mancante', field: 'note', message: "serve una nota che descriva l'integrazione" });
      const aperta = state.integrazioni[state.integrazioni.length - 1];
      if (state.stato === 'integrazioni-richieste' && aperta && oggi > aperta.richiesta.scadenza) {
        v.push({ rule: 'integrazioni-scadute', field: 'stato', message: 'il termine per le integrazioni è scaduto', found: oggi, limit: aperta.richiesta.scadenza });
      }
      if (v.length) return refuse(...v);
      const integrazioni = [...state.integrazioni.slice(0, -1), { ...aperta, risposta: { note, da: event.actor.sub, il } }];
      return step(
        {
          ...state,
          stato: 'integrata',
          integrazioni,
          ultimaModificaDa: event.actor.sub,
          autori: [...(event.editori ?? []), event.actor.sub].reduce(aggiungi, state.autori),
          documenti: event.documenti ? event.documenti.map((d) => ({ ...d })) : state.documenti,
        },
        event.actor.sub,
        { motivo: note, dettagli: { richiesta: state.integrazioni.length, ...controlli(event) } },
      );
    }

    case 'scadenzaIntegrazioni': {
      const v = statoAmmesso(state, ['integrazioni-richieste'], 'la scadenza delle integrazioni');
      const aperta = state.integrazioni[state.integrazioni.length - 1];
      if (!v.length && aperta) {
        if (event.scadenza !== aperta.richiesta.scadenza) {
          v.push({ rule: 'scadenza-non-corrente', field: 'scadenza', message: 'la scadenza non è quella della richiesta in corso', found: event.scadenza, limit: aperta.richiesta.scadenza });
        } else if (oggi <= aperta.richiesta.scadenza) {
          v.push({ rule: 'scadenza-non-raggiunta', field: 'scadenza', message: 'il termine per le integrazioni non è ancora scaduto', found: oggi, limit: aperta.richiesta.scadenza });
        }
      }
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'archiviata', archiviataIl: il }, null, { motivo: 'integrazioni non pervenute entro il termine', dettagli: { scadenza: event.scadenza } });
    }

    case 'comunicazioneObbligatoria': {
      const v = [
        ...statoAmmesso(state, ['attesa-comunicazione', 'avvio-bloccato'], 'la comunicazione obbligatoria'),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.comunicazioneObbligatoria),
      ];
      if (state.comunicazione) {
        v.push({ rule: 'comunicazione-gia-registrata', field: 'comunicazione', message: 'la comunicazione obbligatoria è già registrata', found: state.comunicazione.codice });
      }
      const codice = (event.codice ?? '').trim();
      if (codice === '') v.push({ rule: 'codice-comunicazione-mancante', field: 'codice', message: 'serve il codice della comunicazione obbligatoria' });
      const dv = dataValida(event.data, 'data');
      v.push(...dv);
      if (!dv.length) {
        if (event.data > state.dataInizio) {
          v.push({ rule: 'comunicazione-tardiva', field: 'data', message: "la comunicazione obbligatoria deve precedere l'avvio", found: event.data, limit: state.dataInizio });
        }
        v.push(...nonFutura(event.data, oggi, 'data'));
      }
      if (v.length) return refuse(...v);
      const comunicazione = { codice, data: event.data, registrataDa: event.actor.sub, registrataIl: il };
      const attiva = state.stato === 'avvio-bloccato';
      return step({ ...state, comunicazione, ...(attiva ? { stato: 'attiva' as const, avviataIl: il } : {}) }, event.actor.sub, { dettagli: { codice, data: event.data } });
    }

    case 'avvio': {
      const v = statoAmmesso(state, ['attesa-comunicazione'], "l'avvio");
      if (!v.length && oggi < state.dataInizio) {
        v.push({ rule: 'avvio-non-raggiunto', field: 'dataInizio', message: 'la data di inizio non è ancora arrivata', found: oggi, limit: state.dataInizio });
      }
      if (v.length) return refuse(...v);
      if (state.comunicazione) return step({ ...state, stato: 'attiva', avviataIl: il }, null, { dettagli: { dataInizio: state.dataInizio } });
      return step({ ...state, stato: 'avvio-bloccato', bloccataIl: il }, null, {
        motivo: 'comunicazione obbligatoria non registrata alla data di inizio',
        dettagli: { dataInizio: state.dataInizio },
      });
    }

    case 'presenze': {
      const v = [
        ...statoAmmesso(state, ['attiva', 'sospesa', 'conclusa', 'interrotta'], 'la registrazione delle presenze'),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.presenze),
      ];
      if (state.attestazione) {
        v.push({ rule: 'attestazione-registrata', field: 'attestazione', message: "l'esito dell'attestazione è già registrato: le presenze non cambiano più" });
      }
      const mese = event.mese;
      const ore = event.ore;
      let meseNelPeriodo = false;
      if (typeof mese !== 'string' || !MESE.test(mese)) {
        v.push({ rule: 'mese-non-valido', field: 'mese', message: 'il mese è nella forma AAAA-MM', found: mese });
      } else {
        const fine = state.stato === 'conclusa' ? state.dataFineEffettiva : state.stato === 'interrotta' ? state.interruzione?.data : undefined;
        if (mese < meseDi(state.dataInizio) || (fine !== undefined && mese > meseDi(fine))) {
          v.push({ rule: 'mese-fuori-periodo', field: 'mese', message: 'il mese non rientra nel periodo del tirocinio', found: mese, limit: [meseDi(state.dataInizio), fine ? meseDi(fine) : null] });
        } else {
          meseNelPeriodo = true;
        }
        if (mese > meseDi(oggi)) v.push({ rule: 'mese-futuro', field: 'mese', message: 'non si registrano presenze di mesi futuri', found: mese, limit: meseDi(oggi) });
      }
      const centesimi = Math.round(ore * 100);
      if (typeof ore !== 'number' || !Number.isFinite(ore) || ore < 0 || Math.abs(ore * 100 - centesimi) > 1e-6) {
        v.push({ rule: 'ore-non-valide', field: 'ore', message: 'le ore sono un numero ≥ 0 con al più due decimali', found: ore });
      } else if (storiche.tettoPresenzeFisso) {
        if (centesimi > Math.round(state.oreSettimanali * 100) * SETTIMANE_MAX_PRESENZE_MESE) {
          v.push({ rule: 'ore-oltre-massimo', field: 'ore', message: `le ore di un mese non possono superare ${SETTIMANE_MAX_PRESENZE_MESE} settimane di orario`, found: ore, limit: state.oreSettimanali * SETTIMANE_MAX_PRESENZE_MESE });
        }
      } else if (meseNelPeriodo) {
        // A month outside the period is refused for that already; the cap speaks of the months inside it.
        const tetto = tettoPresenzeMese(mese, state.dataInizio, fineTirocinio(state), state.oreSettimanali, state.sospensioni);
        if (centesimi > tetto.centesimi) {
          const limite = tetto.centesimi / 100;
          v.push({
            rule: 'ore-oltre-massimo',
            field: 'ore',
            message:
              `le ore del mese non possono superare ${numero(limite)} (${plurale(tetto.settimane, 'settimana', 'settimane')} di orario): ` +
              `${plurale(tetto.giorniNelPeriodo, 'giorno', 'giorni')} del tirocinio nel mese, ${plurale(tetto.giorniSospesi, 'sospeso', 'sospesi')}`,
            found: ore,
            limit: limite,
          });
        }
      }
      const esistente = state.presenze.find((p) => p.mese === mese);
      if (esistente && !event.rettifica) {
        v.push({ rule: 'presenze-gia-registrate', field: 'mese', message: 'le presenze del mese sono già registrate: per cambiarle serve una rettifica', found: mese });
      }
      if (!esistente && event.rettifica) {
        v.push({ rule: 'rettifica-senza-presenze', field: 'rettifica', message: 'non ci sono presenze da rettificare per il mese', found: mese });
      }
      if (v.length) return refuse(...v);
      const record: PresenzaMensile = { mese, ore, registrataDa: event.actor.sub, registrataIl: il, rettifiche: esistente ? esistente.rettifiche + 1 : 0 };
      const presenze = [...state.presenze.filter((p) => p.mese !== mese), record].sort((a, b) => (a.mese < b.mese ? -1 : 1));
      return step({ ...state, presenze }, event.actor.sub, { dettagli: { mese, ore, ...(esistente ? { orePrecedenti: esistente.ore, rettifica: true } : {}) } });
    }

    case 'sospensione': {
      const v = [...statoAmmesso(state, ['attiva'], 'la sospensione'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.sospensione)];
      const ammesse = state.limiti.causeSospensione.map((c) => c.causa);
      if (!ammesse.includes(event.causa)) {
        v.push({ rule: 'causa-non-ammessa', field: 'causa', message: `cause di sospensione ammesse: ${ammesse.join(', ')}`, found: event.causa, limit: ammesse });
      }
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      const dv = dataValida(event.dal, 'dal');
      v.push(...dv);
      if (!dv.length) {
        const ultima = state.sospensioni[state.sospensioni.length - 1];
        if (event.dal < state.dataInizio) {
          v.push({ rule: 'sospensione-prima-inizio', field: 'dal', message: 'la sospensione non può iniziare prima del tirocinio', found: event.dal, limit: state.dataInizio });
        } else if (ultima?.al !== undefined && event.dal <= ultima.al) {
          v.push({ rule: 'sospensione-sovrapposta', field: 'dal', message: 'la sospensione inizia prima della fine della precedente', found: event.dal, limit: addDays(ultima.al, 1) });
        }
        if (event.dal > state.dataFineEffettiva) {
          v.push({ rule: 'sospensione-oltre-fine', field: 'dal', message: 'la sospensione inizia dopo la fine del tirocinio', found: event.dal, limit: state.dataFineEffettiva });
        }
        v.push(...nonFutura(event.dal, oggi, 'dal'));
      }
      if (v.length) return refuse(...v);
      const sospensione: SospensioneTirocinio = { causa: event.causa, dal: event.dal, motivo: m.motivo, registrataDa: event.actor.sub, registrataIl: il };
      return step({ ...state, stato: 'sospesa', sospensioni: [...state.sospensioni, sospensione] }, event.actor.sub, { motivo: m.motivo, dettagli: { causa: event.causa, dal: event.dal } });
    }

    case 'ripresa': {
      const v = [...statoAmmesso(state, ['sospesa'], 'la ripresa'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.ripresa)];
      const aperta = state.sospensioni[state.sospensioni.length - 1];
      const dv = dataValida(event.al, 'al');
      v.push(...dv);
      if (!dv.length) {
        if (aperta && state.stato === 'sospesa' && event.al < aperta.dal) {
          v.push({ rule: 'ripresa-prima-sospensione', field: 'al', message: "l'ultimo giorno di sospensione non può precederne l'inizio", found: event.al, limit: aperta.dal });
        }
        v.push(...nonFutura(event.al, oggi, 'al'));
      }
      if (v.length) return refuse(...v);
      const { sospensioni, dettagli } = chiudiSospensione(state, event.al, event.actor, il);
      const fine = dataFineEffettiva(state.dataFinePrevista, sospensioni);
      return step({ ...state, stato: 'attiva', sospensioni, dataFineEffettiva: fine }, event.actor.sub, { dettagli: { ...dettagli, dataFineEffettiva: fine } });
    }

    case 'proroga': {
      const v = [...statoAmmesso(state, ['attiva', 'sospesa'], 'la proroga'), ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.proroga)];
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      const dv = dataValida(event.nuovaDataFine, 'nuovaDataFine');
      v.push(...dv);
      if (!dv.length) {
        const massimo = durataMassimaFine(state.dataInizio, state.limiti.durataMassimaMesi);
        if (event.nuovaDataFine <= state.dataFinePrevista) {
          v.push({ rule: 'proroga-non-estende', field: 'nuovaDataFine', message: 'la proroga deve spostare avanti la fine prevista', found: event.nuovaDataFine, limit: addDays(state.dataFinePrevista, 1) });
        }
        if (event.nuovaDataFine > massimo) {
          v.push({
            rule: 'proroga-oltre-massimo',
            field: 'nuovaDataFine',
            message: `con la proroga il tirocinio supererebbe la durata massima di ${state.limiti.durataMassimaMesi} mesi (sospensioni escluse)`,
            found: event.nuovaDataFine,
            limit: massimo,
          });
        }
      }
      if (v.length) return refuse(...v);
      const fine = dataFineEffettiva(event.nuovaDataFine, state.sospensioni);
      const proroga: ProrogaTirocinio = { daDataFine: state.dataFinePrevista, aDataFine: event.nuovaDataFine, motivo: m.motivo, registrataDa: event.actor.sub, registrataIl: il };
      return step(
        { ...state, dataFinePrevista: event.nuovaDataFine, dataFineEffettiva: fine, proroghe: [...state.proroghe, proroga] },
        event.actor.sub,
        { motivo: m.motivo, dettagli: { daDataFine: state.dataFinePrevista, aDataFine: event.nuovaDataFine, dataFineEffettiva: fine, ...controlli(event) } },
      );
    }

    case 'interruzione': {
      const v = [
        ...statoAmmesso(state, ['attesa-comunicazione', 'avvio-bloccato', 'attiva', 'sospesa'], "l'interruzione"),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.interruzione),
      ];
      if (!(PARTI_INTERRUZIONE as readonly string[]).includes(event.parte)) {
        v.push({ rule: 'parte-non-ammessa', field: 'parte', message: `parte: una tra ${PARTI_INTERRUZIONE.join(', ')}`, found: event.parte, limit: PARTI_INTERRUZIONE });
      }
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      let next: TirocinioState = state;
      let chiusura: Record<string, unknown> = {};
      if (state.stato === 'sospesa') {
        const aperta = state.sospensioni[state.sospensioni.length - 1];
        const { sospensioni, dettagli } = chiudiSospensione(state, oggi < aperta.dal ? aperta.dal : oggi, event.actor, il);
        next = { ...state, sospensioni, dataFineEffettiva: dataFineEffettiva(state.dataFinePrevista, sospensioni) };
        chiusura = { sospensioneChiusa: dettagli };
      }
      const interruzione: InterruzioneTirocinio = { parte: event.parte, motivo: m.motivo, data: oggi, registrataDa: event.actor.sub, il };
      return step({ ...next, stato: 'interrotta', interruzione, conclusaIl: il }, event.actor.sub, { motivo: m.motivo, dettagli: { parte: event.parte, data: oggi, ...chiusura } });
    }

    case 'ritiro': {
      // Before the start only: once started, the way out is the interruption (and its attestazione).
      const v = [
        ...statoAmmesso(state, ['inviata', 'integrazioni-richieste', 'integrata', 'attesa-comunicazione', 'avvio-bloccato'], 'il ritiro'),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.ritiro),
      ];
      const m = motivazione(event.motivo);
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'ritirata', ritiro: { da: event.actor.sub, il, motivo: m.motivo } }, event.actor.sub, { motivo: m.motivo });
    }

    case 'conclusione': {
      const v = statoAmmesso(state, ['attiva'], 'la conclusione');
      if (!v.length) {
        if (event.dataFine !== state.dataFineEffettiva) {
          v.push({ rule: 'fine-non-corrente', field: 'dataFine', message: 'la data di fine non è quella attuale del tirocinio', found: event.dataFine, limit: state.dataFineEffettiva });
        } else if (oggi <= state.dataFineEffettiva) {
          v.push({ rule: 'fine-non-raggiunta', field: 'dataFine', message: 'il tirocinio non è ancora terminato', found: oggi, limit: addDays(state.dataFineEffettiva, 1) });
        }
      }
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'conclusa', conclusaIl: il }, null, { dettagli: { dataFineEffettiva: state.dataFineEffettiva } });
    }

    case 'esitoAttestazione': {
      const v = statoAmmesso(state, ['conclusa', 'interrotta'], "l'esito dell'attestazione");
      if (state.attestazione) v.push({ rule: 'attestazione-gia-registrata', field: 'attestazione', message: "l'esito dell'attestazione è già registrato" });
      const a = event.attestazione;
      const presenze = esitoPresenze(state);
      let motivo: string | undefined;
      if (a?.emessa === true) {
        if (typeof a.documentoId !== 'string' || a.documentoId.trim() === '' || typeof a.sha256 !== 'string' || !SHA256.test(a.sha256)) {
          v.push({ rule: 'documento-non-valido', field: 'attestazione', message: 'serve il riferimento al documento (documentoId e SHA-256 esadecimale minuscolo)', found: a });
        }
        if (!presenze.sufficiente) {
          v.push({
            rule: 'presenze-insufficienti',
            field: 'presenze',
            message: `le presenze (${presenze.percentuale}%) non raggiungono la soglia del ${Math.round(presenze.soglia * 1000) / 10}% delle ore previste`,
            found: presenze.orePresenza,
            limit: presenze.oreProgrammate,
          });
        }
      } else if (a?.emessa === false) {
        const m = motivazione(a.motivo, 'attestazione.motivo');
        v.push(...m.violations);
        motivo = m.motivo;
      } else {
        v.push({ rule: 'esito-ammesso', field: 'attestazione', message: 'esito: emessa true (con documento) o false (con motivo)', found: a });
      }
      if (v.length) return refuse(...v);
      const attestazione: Attestazione = a.emessa ? { emessa: true, documentoId: a.documentoId, sha256: a.sha256, il } : { emessa: false, motivo: motivo as string, il };
      return step({ ...state, attestazione }, null, {
        motivo,
        dettagli: { emessa: a.emessa, orePresenza: presenze.orePresenza, oreProgrammate: presenze.oreProgrammate, percentuale: presenze.percentuale },
      });
    }
  }
}

/** The next expected action, who takes it (roles, or 'sistema') and its deadline, for the reading view. */
/** The day the traineeship ended: its effective end, or the interruption's date. */
export function fineTirocinio(state: TirocinioState): IsoDate {
  return state.stato === 'interrotta' ? (state.interruzione?.data ?? state.dataFineEffettiva) : state.dataFineEffettiva;
}

/** Months of the traineeship (from its start to its end) with no attendance recorded; none if it never started. */
export function mesiPresenzeMancanti(state: TirocinioState): string[] {
  if (!state.avviataIl) return [];
  const registrati = new Set(state.presenze.map((p) => p.mese));
  return mesiDelPeriodo(state.dataInizio, fineTirocinio(state)).filter((m) => !registrati.has(m));
}

export function prossimaAzione(state: TirocinioState): { azione: string; chi: string; scadenza?: IsoDate } | undefined {
  switch (state.stato) {
    case 'bozza':
      return { azione: 'invio', chi: 'operatore o promotore' };
    case 'inviata':
    case 'integrata': {
      // The office's decision is due GIORNI_DECISIONE days after the submission or the latest integration.
      const risposta = state.integrazioni[state.integrazioni.length - 1]?.risposta?.il;
      const da = (state.stato === 'integrata' && risposta ? risposta : state.inviataIl)?.slice(0, 10);
      return { azione: 'decisione', chi: 'responsabile', ...(da ? { scadenza: addDays(da, GIORNI_DECISIONE) } : {}) };
    }
    case 'integrazioni-richieste': {
      const aperta = state.integrazioni[state.integrazioni.length - 1];
      return { azione: 'integrazione', chi: 'operatore o promotore', ...(aperta ? { scadenza: aperta.richiesta.scadenza } : {}) };
    }
    case 'attesa-comunicazione':
      return state.comunicazione
        ? { azione: 'avvio', chi: 'sistema', scadenza: state.dataInizio }
        : { azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: state.dataInizio };
    case 'avvio-bloccato':
      return { azione: 'comunicazioneObbligatoria', chi: 'ospitante', scadenza: state.dataInizio };
    case 'attiva':
      return { azione: 'conclusione', chi: 'sistema', scadenza: state.dataFineEffettiva };
    case 'sospesa':
      return { azione: 'ripresa', chi: 'promotore o operatore' };
    case 'conclusa':
    case 'interrotta': {
      if (state.attestazione) return undefined;
      return mesiPresenzeMancanti(state).length
        ? { azione: 'presenze', chi: 'ospitante', scadenza: addDays(fineTirocinio(state), GIORNI_REGISTRO_FINALE) }
        : { azione: 'esitoAttestazione', chi: 'promotore' };
    }
    case 'respinta':
    case 'archiviata':
    case 'ritirata':
      return undefined;
  }
}
