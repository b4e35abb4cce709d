import type { Actor, Role } from '../auth/roles';
import { parseIsoDate } from '../calendar/calendario';
import type { RuleViolation } from '../common/violation';
import type { PeriodoSospensione } from './durata';
import type {
  CausaSospensione,
  ControlloTirocinante,
  DocumentoAllegato,
  IsoDate,
  ProgettoFormativo,
  RegolaSospensione,
  RegolePackTirocini,
} from './tirocini.types';
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
export const STATI_CON_POSTO: readonly StatoTirocinio[] = [
  'inviata',
  'integrazioni-richieste',
  'integrata',
  'attesa-comunicazione',
  'avvio-bloccato',
  'attiva',
  'sospesa',
];
/** States after which nothing changes any more (conclusa / interrotta end once the attestazione is recorded). */
export const STATI_FINALI_TIROCINIO: readonly StatoTirocinio[] = ['respinta', 'archiviata', 'ritirata'];

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
  | {
      type: 'integrazione';
      actor: Actor;
      note: string;
      documenti?: DocumentoAllegato[];
      editori?: string[];
      controlloSede?: ControlloSede;
      controlloTirocinante?: ControlloTirocinante;
    }
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

/** The steps a user sends while the practice is reviewed, each the workflow Update of its name (workflows/tirocini). */
export const PASSI_ISTRUTTORIA = ['decisione', 'integrazione', 'ritiro'] as const;
/** The steps a user sends while the traineeship runs (the others come from the procedure's timers and activities). */
export const PASSI_SVOLGIMENTO = ['comunicazioneObbligatoria', 'presenze', 'sospensione', 'ripresa', 'proroga', 'interruzione'] as const;

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
