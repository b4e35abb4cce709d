import type { Actor, Role } from '../auth/roles';
import type { IsoDate } from '../calendar/calendario';
import type { Categoria } from './collocamento.types';
import type { ScadenzeOfferta } from './sla';

/**
 * The life cycle of an employer's request for candidates (DOMAIN §2), a pure state machine in the style of
 * decideIspezione:
 *
 *   (decideRichiesta) richiesta ─congruita: congrua─▶ pubblicata ─chiusuraAdesioni (timer)─▶ chiusa-adesioni
 *   richiesta ─congruita: non-congrua─▶ non-congrua (final)
 *   pubblicata: adesione / ritiro (within the window)
 *   chiusa-adesioni ─graduatoriaPubblicata─▶ graduatoria-pubblicata ─rosaInviata─▶ rosa-inviata ─esito…─▶ conclusa
 *   graduatoria-pubblicata ─rosaInviata (nobody eligible: empty rosa)─▶ conclusa
 *   before the rosa: avvisoSla / slaScaduta (timers) record the service level in `sla`.
 *   any state before 'conclusa' ─annullamento (CPI staff or the employer, with a reason)─▶ annullata (final)
 *
 * Offers entered since December 2026 carry `versione: 2` and follow these rules too (older ones finish under the
 * rules they started with, so their workflows replay unchanged):
 *   - congruità: a window that closes when the rosa is already late (on or after the service level's term) needs a
 *     reason (`motivoOltreSla`), recorded; without one it is refused ('finestra-oltre-sla').
 *   - conclusa is not the end at once: for a while (the workflow's `codaMs`) the outcomes still missing after the
 *     posts were filled can be recorded, a responsabile who did not record an outcome can correct it (rettificaEsito,
 *     with a reason), and an offer whose rosa ended with posts still open can get the next candidates of the same
 *     graduatoria (rosaSuccessiva ─▶ rosa-inviata).
 *
 * Who may act: CPI staff ('operatore', 'responsabile') of the offer's office; the graduatoria is published by a
 * 'responsabile'. The employer acts with role 'datore' (RUOLO_DATORE) for the organisation in its token's `soggetto`,
 * which must be the employer's codice fiscale (`datoreCodiceFiscale`). Offers entered before tokens carried a
 * soggetto identified the employer by its token subject (`Actor.sub` = `datoreId`), and their histories replay so.
 * An adesione or ritiro with
 * `actor: null` came from the person through the online channel (the API authenticated them).
 * Segregation of duties: whoever entered the request cannot judge its congruità.
 */
export const OFFERTA_STATI = [
  'richiesta',
  'non-congrua',
  'pubblicata',
  'chiusa-adesioni',
  'graduatoria-pubblicata',
  'rosa-inviata',
  'conclusa',
  'annullata',
] as const;
export type OffertaStato = (typeof OFFERTA_STATI)[number];

export const ESITI_CANDIDATO = ['assunto', 'non-idoneo', 'non-presentato', 'rifiuto'] as const;
export type EsitoCandidato = (typeof ESITI_CANDIDATO)[number];

export const ESITI_CONGRUITA = ['congrua', 'non-congrua'] as const;
export type EsitoCongruita = (typeof ESITI_CONGRUITA)[number];

/** The role an employer acts with. Until a 'datore' role exists in ROLES, the host-employer role is used. */
export const RUOLO_DATORE: Role = 'datore';
export const RUOLI_CPI: readonly Role[] = ['operatore', 'responsabile'];
export const RUOLI_PUBBLICAZIONE_GRADUATORIA: readonly Role[] = ['responsabile'];
/** Who corrects a recorded outcome (never the person who recorded it). */
export const RUOLI_RETTIFICA_ESITO: readonly Role[] = ['responsabile'];

/** Minimum length (trimmed) of a reason (non-congruità, non-idoneo). */
export const MOTIVO_MIN_OFFERTA = 10;
/** Upper bound of weekly hours accepted in a request (average maximum of D.Lgs. 66/2003). */
export const ORE_SETTIMANALI_MAX = 48;

/** States before the rosa: the service-level timers apply. */
export const STATI_SLA: readonly OffertaStato[] = ['richiesta', 'pubblicata', 'chiusa-adesioni', 'graduatoria-pubblicata'];

export interface SlaOfferta {
  /** Last day to send the rosa. */
  scadenza: IsoDate;
  /** When the term lapses (ISO instant). */
  scadeIl: string;
  /** When the warning is due (ISO instant). */
  avvisoIl: string;
  avvisoInviato: boolean;
  avvisoInviatoIl?: string;
  /** True once the term lapsed without a rosa (by the timer, or found when the rosa was sent late). */
  violata: boolean;
  /** When the term lapsed (= scadeIl). */
  violataIl?: string;
}

export interface Adesione {
  iscrittoId: string;
  il: string;
  /** Who registered it; null: the person, online. */
  registrataDa: string | null;
  ritirataIl?: string;
  ritirataDa?: string | null;
}

export interface EsitoRegistrato {
  iscrittoId: string;
  esito: EsitoCandidato;
  motivo?: string;
  registratoDa: string;
  registratoIl: string;
  /** Set when this outcome corrects an earlier one: the earlier outcome and why it was corrected. */
  rettificaDi?: { esito: EsitoCandidato; motivo?: string; registratoDa: string; registratoIl: string; motivoRettifica: string };
}

/** One sending of candidates after the first rosa (the first is `rosa`). */
export interface InvioRosa {
  candidati: string[];
  inviataDa: string;
  inviataIl: string;
  /** Ranked before them but not sent: no longer eligible when the sending was prepared (employed, moved away). */
  saltati?: CandidatoSaltato[];
}

export interface CandidatoSaltato {
  iscrittoId: string;
  motivo: 'occupato' | 'trasferito' | 'non-in-elenco';
}

/** A fact to record on the person's file: refusing a suitable offer (it may affect their status on the list). */
export interface Segnalazione {
  iscrittoId: string;
  tipo: 'rifiuto-offerta-congrua';
  offertaId: string;
  il: string;
  registrataDa: string;
}

export interface OffertaState {
  offertaId: string;
  ufficio: string;
  datoreId: string;
  /** The employer's codice fiscale: whom a 'datore' token must act for (absent in offers entered before it was kept). */
  datoreCodiceFiscale?: string;
  categoria: Categoria;
  posti: number;
  dimensioneRosa: number;
  dataRichiesta: IsoDate;
  stato: OffertaStato;
  /** 2: the rules of offers entered since December 2026 (see above); absent: the earlier rules. */
  versione?: 2;
  richiesta: { inseritaDa: string; inseritaIl: string };
  /** `motivoOltreSla`: why a window closing after the service level's term was accepted anyway. */
  congruita?: { esito: EsitoCongruita; motivo?: string; valutataDa: string; valutataIl: string; motivoOltreSla?: string };
  /** The candidature window (ISO instants): adesioni from apertaIl (inclusive) to chiudeIl (exclusive). */
  finestra?: { apertaIl: string; chiudeIl: string };
  /** By iscrittoId. Active unless ritirataIl is set; a person may apply again after withdrawing. */
  adesioni: Record<string, Adesione>;
  /**
   * True when the applications are kept outside the state (in the registry's database: an offer may draw tens of
   * thousands, too many for a workflow's state). `adesioni` then holds at most the ones a caller loaded to check a
   * single application, the graduatoria's coherence with the applicants is guaranteed by whoever computed it from
   * that database, and `graduatoria.ordine` may be only its head (the rosa's candidates and a few more).
   */
  adesioniEsterne?: boolean;
  chiusuraAdesioniIl?: string;
  graduatoria?: { hash: string; versioneRegole: string; ordine: string[]; esclusi: string[]; pubblicataDa: string; pubblicataIl: string };
  /** `candidati`: everyone sent so far, the first rosa's then each later sending's, in order. */
  rosa?: { candidati: string[]; inviataDa: string; inviataIl: string };
  /** The sendings after the first rosa (versione 2), oldest first. */
  rosaSuccessive?: InvioRosa[];
  /** When a correction last reopened the concluded offer (versione 2): reminders count from then. */
  riapertaIl?: string;
  esiti: EsitoRegistrato[];
  segnalazioni: Segnalazione[];
  /** Undefined only while the clock has not started (origine 'chiusura-adesioni'). */
  sla?: SlaOfferta;
  conclusione?: { il: string; motivo: 'esiti-completi' | 'posti-coperti' | 'nessun-idoneo' };
  /** Cancelled before its end: who, when, why (the outcomes recorded until then stay). */
  annullamento?: { da: string; il: string; motivo: string };
}

export type OffertaEvent =
  | { type: 'congruita'; actor: Actor; esito: EsitoCongruita; finestra?: { apertaIl: string; chiudeIl: string }; motivo?: string; motivoOltreSla?: string }
  | {
      type: 'adesione';
      actor: Actor | null;
      iscrittoId: string;
      /** Enrolled in the list of the offer's office (the caller checks the registry). */ iscritto: boolean;
    }
  | { type: 'ritiro'; actor: Actor | null; iscrittoId: string }
  | { type: 'chiusuraAdesioni'; /** The service level, when it counts from the close of applications. */ sla?: ScadenzeOfferta }
  | {
      type: 'graduatoriaPubblicata';
      actor: Actor;
      hash: string;
      versioneRegole: string;
      ordine: string[];
      esclusi: string[];
      totali?: { idonei: number; esclusi: number };
    }
  | { type: 'rosaInviata'; actor: Actor; candidati: string[] }
  | { type: 'esito'; actor: Actor; iscrittoId: string; esito: EsitoCandidato; motivo?: string }
  | { type: 'annullamento'; actor: Actor; motivo: string }
  | { type: 'rettificaEsito'; actor: Actor; iscrittoId: string; esito: EsitoCandidato; motivo: string }
  | { type: 'rosaSuccessiva'; actor: Actor; candidati: string[]; saltati?: CandidatoSaltato[] }
  | { type: 'avvisoSla' }
  | { type: 'slaScaduta' };

/** The steps a user sends that carry just their event, each the workflow Update of its name (workflows/collocamento). */
export const PASSI_OFFERTA = ['congruita', 'rosaInviata', 'esito', 'annullamento', 'rettificaEsito'] as const;

/** A state change to record: who (null for a timer or the person online), when, what, why. */
export interface OffertaTransition {
  azione: OffertaEvent['type'] | 'richiesta';
  from: OffertaStato | null;
  to: OffertaStato;
  actor: Actor | null;
  at: string;
  iscrittoId?: string;
  motivazione?: string;
  /** Set when the step breached the service level (a late rosa, or the timer). */
  slaViolata?: boolean;
  segnalazione?: Segnalazione;
  /** A corrected outcome: from what to what (its consequences on the person and the employer's quota follow). */
  rettifica?: { da: EsitoCandidato; a: EsitoCandidato };
  /** The correction withdrew a refusal: the refusal written on the person's file for this offer is removed. */
  segnalazioneRevocata?: boolean;
}

export interface OffertaStep {
  state: OffertaState;
  transition: OffertaTransition;
}

/** The service level as it starts, from the terms scadenzeOfferta computed: no warning sent, not breached. */
export function slaDa(s: ScadenzeOfferta): SlaOfferta {
  return { scadenza: s.scadenza, scadeIl: s.scadeIl, avvisoIl: s.avviso.at, avvisoInviato: false, violata: false };
}
