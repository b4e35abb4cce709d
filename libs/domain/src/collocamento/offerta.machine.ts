import { actsFor } from '../auth/roles';
import type { Actor, Role } from '../auth/roles';
import { dataItalianaBreve } from '../calendar/calendario';
import type { IsoDate } from '../calendar/calendario';
import { Decision, RuleViolation, accept, refuse } from '../common/violation';
import { guardiaMotivo, guardiaRuolo, guardiaStato, guardiaUfficio } from '../common/guardie';
import { dataItaliana } from '../calendar/ora-italiana';
import { giornoNumero } from './collocamento.date';
import { CATEGORIE, Categoria, Offerta, TIPI_CONTRATTO } from './collocamento.types';
import type { Graduatoria } from './graduatoria';
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
export const OFFERTA_STATI = ['richiesta', 'non-congrua', 'pubblicata', 'chiusa-adesioni', 'graduatoria-pubblicata', 'rosa-inviata', 'conclusa', 'annullata'] as const;
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
  | { type: 'adesione'; actor: Actor | null; iscrittoId: string; /** Enrolled in the list of the offer's office (the caller checks the registry). */ iscritto: boolean }
  | { type: 'ritiro'; actor: Actor | null; iscrittoId: string }
  | { type: 'chiusuraAdesioni'; /** The service level, when it counts from the close of applications. */ sla?: ScadenzeOfferta }
  | { type: 'graduatoriaPubblicata'; actor: Actor; hash: string; versioneRegole: string; ordine: string[]; esclusi: string[]; totali?: { idonei: number; esclusi: number } }
  | { type: 'rosaInviata'; actor: Actor; candidati: string[] }
  | { type: 'esito'; actor: Actor; iscrittoId: string; esito: EsitoCandidato; motivo?: string }
  | { type: 'annullamento'; actor: Actor; motivo: string }
  | { type: 'rettificaEsito'; actor: Actor; iscrittoId: string; esito: EsitoCandidato; motivo: string }
  | { type: 'rosaSuccessiva'; actor: Actor; candidati: string[]; saltati?: CandidatoSaltato[] }
  | { type: 'avvisoSla' }
  | { type: 'slaScaduta' };

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

// ---- rules shared by several events ----

const statoAmmesso = (state: OffertaState, ammessi: readonly OffertaStato[], azione: string) =>
  guardiaStato(state.stato, ammessi, `${azione}: ammesso solo in stato ${ammessi.join(' o ')}`);
const ruolo = (actor: Actor, ammessi: readonly Role[]) => guardiaRuolo(actor, ammessi, `solo ${ammessi.join(' o ')}`);
const ufficio = (ufficioOfferta: string, actor: Actor) => guardiaUfficio(actor, ufficioOfferta, `l'offerta è gestita dall'ufficio ${ufficioOfferta}`);

const personaleCpi = (ufficioOfferta: string, actor: Actor, ruoli: readonly Role[] = RUOLI_CPI) => [...ruolo(actor, ruoli), ...ufficio(ufficioOfferta, actor)];

/**
 * CPI staff of the office, or the employer itself: role RUOLO_DATORE acting for the employer's codice fiscale (its
 * token's soggetto); a token without soggetto (recorded before they carried one) by its subject = datoreId.
 */
function cpiODatore(ufficioOfferta: string, datore: { id: string; codiceFiscale?: string }, actor: Actor): RuleViolation[] {
  if (actor.roles.includes(RUOLO_DATORE) && !actor.roles.some((r) => RUOLI_CPI.includes(r))) {
    const ok = actor.soggetto !== undefined
      ? actsFor(actor, datore.codiceFiscale)
      : actor.sub === datore.id;
    return ok
      ? []
      : [{ rule: 'datore-non-corrispondente', field: 'actor', message: "solo il datore di lavoro dell'offerta", found: actor.soggetto ?? actor.sub, limit: datore.codiceFiscale ?? datore.id }];
  }
  return personaleCpi(ufficioOfferta, actor, RUOLI_CPI).map((v) => (v.rule === 'ruolo-non-ammesso' ? { ...v, limit: [...RUOLI_CPI, RUOLO_DATORE] } : v));
}

const motivo = (testo: string | undefined, field: string) => guardiaMotivo(testo, field, MOTIVO_MIN_OFFERTA);

const istante = (s: unknown): number => (typeof s === 'string' ? Date.parse(s) : NaN);
const nonVuota = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';
const HASH = /^[0-9a-f]{64}$/;

/** The adesione of a person (own keys only: an id like 'constructor' is just an id). */
export function adesioneDi(state: OffertaState, iscrittoId: string): Adesione | undefined {
  return Object.prototype.hasOwnProperty.call(state.adesioni, iscrittoId) ? state.adesioni[iscrittoId] : undefined;
}

/** Ids of the active adesioni, ascending. */
export function adesioniAttive(state: OffertaState): string[] {
  return Object.values(state.adesioni)
    .filter((a) => a.ritirataIl === undefined)
    .map((a) => a.iscrittoId)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function slaDa(s: ScadenzeOfferta): SlaOfferta {
  return { scadenza: s.scadenza, scadeIl: s.scadeIl, avvisoIl: s.avviso.at, avvisoInviato: false, violata: false };
}

/**
 * The 'graduatoriaPubblicata' event for a graduatoria computed by calcolaGraduatoria and its hash (hashGraduatoria):
 * the ranked ids in order and the excluded ids.
 */
export function eventoGraduatoriaPubblicata(actor: Actor, graduatoria: Graduatoria, hash: string): Extract<OffertaEvent, { type: 'graduatoriaPubblicata' }> {
  return {
    type: 'graduatoriaPubblicata',
    actor,
    hash,
    versioneRegole: graduatoria.versioneRegole,
    ordine: graduatoria.idonei.map((v) => v.iscrittoId),
    esclusi: graduatoria.esclusi.map((e) => e.iscrittoId),
  };
}

// ---- the request ----

/** Every problem of an offer's content, as violations (field = the offer's field). */
export function verificaOfferta(o: Offerta, oggi?: IsoDate): RuleViolation[] {
  const v: RuleViolation[] = [];
  for (const campo of ['id', 'datoreId', 'ufficio', 'territorio', 'profilo', 'luogo'] as const) {
    if (!nonVuota(o[campo])) v.push({ rule: 'campo-obbligatorio', field: campo, message: `${campo} è obbligatorio`, found: o[campo] ?? null });
  }
  if (!(CATEGORIE as readonly string[]).includes(o.categoria)) v.push({ rule: 'categoria-ammessa', field: 'categoria', message: `categoria: ${CATEGORIE.join(' o ')}`, found: o.categoria, limit: CATEGORIE });
  if (!Array.isArray(o.mansioni) || o.mansioni.length === 0 || !o.mansioni.every(nonVuota)) {
    v.push({ rule: 'mansioni-mancanti', field: 'mansioni', message: 'indicare almeno una mansione (codici non vuoti)', found: o.mansioni ?? null });
  } else if (new Set(o.mansioni).size !== o.mansioni.length) {
    v.push({ rule: 'mansione-duplicata', field: 'mansioni', message: 'mansioni ripetute', found: o.mansioni });
  }
  if (!(TIPI_CONTRATTO as readonly string[]).includes(o.contratto)) {
    v.push({ rule: 'contratto-ammesso', field: 'contratto', message: `contratto: ${TIPI_CONTRATTO.join(', ')}`, found: o.contratto, limit: TIPI_CONTRATTO });
  } else if (o.contratto === 'tempo-determinato' && !(Number.isSafeInteger(o.durataMesi) && (o.durataMesi as number) >= 1)) {
    v.push({ rule: 'durata-contratto', field: 'durataMesi', message: 'un contratto a tempo determinato richiede la durata in mesi (intero ≥ 1)', found: o.durataMesi ?? null, limit: 1 });
  }
  if (typeof o.oreSettimanali !== 'number' || !(o.oreSettimanali > 0 && o.oreSettimanali <= ORE_SETTIMANALI_MAX)) {
    v.push({ rule: 'ore-settimanali', field: 'oreSettimanali', message: `ore settimanali tra 0 (escluso) e ${ORE_SETTIMANALI_MAX}`, found: o.oreSettimanali ?? null, limit: ORE_SETTIMANALI_MAX });
  }
  if (!Number.isSafeInteger(o.posti) || o.posti < 1) v.push({ rule: 'posti', field: 'posti', message: 'posti: intero ≥ 1', found: o.posti ?? null, limit: 1 });
  if (!Number.isSafeInteger(o.dimensioneRosa) || o.dimensioneRosa < 1) {
    v.push({ rule: 'dimensione-rosa', field: 'dimensioneRosa', message: 'candidati per posto: intero ≥ 1', found: o.dimensioneRosa ?? null, limit: 1 });
  }
  const codici = new Set<string>();
  for (const c of Array.isArray(o.competenzeRichieste) ? o.competenzeRichieste : []) {
    const peso = c?.peso ?? 1;
    if (!nonVuota(c?.codice) || !Number.isSafeInteger(peso) || peso < 1 || codici.has(c.codice)) {
      v.push({ rule: 'competenza-non-valida', field: 'competenzeRichieste', message: 'ogni competenza: codice non vuoto e non ripetuto, peso intero ≥ 1', found: c ?? null });
    }
    if (nonVuota(c?.codice)) codici.add(c.codice);
  }
  if (!Array.isArray(o.competenzeRichieste)) v.push({ rule: 'competenza-non-valida', field: 'competenzeRichieste', message: 'competenzeRichieste deve essere un elenco', found: o.competenzeRichieste ?? null });
  if (Number.isNaN(giornoNumero(o.dataRichiesta))) {
    v.push({ rule: 'data-non-valida', field: 'dataRichiesta', message: 'dataRichiesta: una data AAAA-MM-GG', found: o.dataRichiesta ?? null });
  } else if (oggi !== undefined && o.dataRichiesta > oggi) {
    v.push({ rule: 'data-futura', field: 'dataRichiesta', message: 'la data della richiesta non può essere futura', found: o.dataRichiesta, limit: oggi });
  }
  return v;
}

/**
 * The request enters the procedure (by the employer or by CPI staff on its behalf): checks the offer's content and
 * who enters it, and starts in state 'richiesta' with the service level `sla` (from scadenzeOfferta; omit it when
 * the clock starts at the close of applications).
 */
export function decideRichiesta(offerta: Offerta, actor: Actor, now: Date, sla?: ScadenzeOfferta, datoreCodiceFiscale?: string): Decision<OffertaStep> {
  const at = now.toISOString();
  const v = [...verificaOfferta(offerta, dataItaliana(now)), ...cpiODatore(offerta.ufficio, { id: offerta.datoreId, codiceFiscale: datoreCodiceFiscale }, actor)];
  if (v.length) return refuse(...v);
  const state: OffertaState = {
    offertaId: offerta.id,
    ufficio: offerta.ufficio,
    datoreId: offerta.datoreId,
    ...(datoreCodiceFiscale ? { datoreCodiceFiscale } : {}),
    categoria: offerta.categoria,
    posti: offerta.posti,
    dimensioneRosa: offerta.dimensioneRosa,
    dataRichiesta: offerta.dataRichiesta,
    stato: 'richiesta',
    versione: 2,
    richiesta: { inseritaDa: actor.sub, inseritaIl: at },
    adesioni: {},
    esiti: [],
    segnalazioni: [],
    ...(sla ? { sla: slaDa(sla) } : {}),
  };
  return accept({ state, transition: { azione: 'richiesta', from: null, to: 'richiesta', actor, at } });
}

// ---- the machine ----

/**
 * The offer's rules: given the state, an event and the time, either the next state and the transition to record,
 * or every rule the event breaks. Pure: the workflow calls it from its Update validators and handlers.
 */
export function decideOfferta(state: OffertaState, event: OffertaEvent, now: Date): Decision<OffertaStep> {
  const at = now.toISOString();
  const t = now.getTime();
  const step = (next: OffertaState, actor: Actor | null, extra: Partial<OffertaTransition> = {}): Decision<OffertaStep> =>
    accept({ state: next, transition: { azione: event.type, from: state.stato, to: next.stato, actor, at, ...extra } });

  switch (event.type) {
    case 'congruita': {
      const v = [...statoAmmesso(state, ['richiesta'], 'la valutazione di congruità'), ...personaleCpi(state.ufficio, event.actor)];
      if (event.actor.sub === state.richiesta.inseritaDa) {
        v.push({ rule: 'separazione-compiti', field: 'actor', message: 'chi ha inserito la richiesta non può valutarne la congruità', found: event.actor.sub });
      }
      if (event.esito === 'congrua') {
        const a = istante(event.finestra?.apertaIl);
        const c = istante(event.finestra?.chiudeIl);
        if (Number.isNaN(a) || Number.isNaN(c) || c <= a) {
          v.push({ rule: 'finestra-non-valida', field: 'finestra', message: 'la finestra delle adesioni richiede apertaIl < chiudeIl (istanti ISO)', found: event.finestra ?? null });
        }
        // The rosa goes out after the window closes: a window closing on or after the term makes the offer late by
        // design. Allowed (a rare profile may need a longer window), but only with a reason on record.
        let oltreSla: string | undefined;
        if (state.versione === 2 && state.sla && !state.sla.violata && !Number.isNaN(c) && c >= istante(state.sla.scadeIl)) {
          const m = (event.motivoOltreSla ?? '').trim();
          if (m.length < MOTIVO_MIN_OFFERTA) {
            v.push({
              rule: 'finestra-oltre-sla', field: 'motivoOltreSla',
              message: `la finestra chiude dopo il termine per inviare la rosa (${dataItalianaBreve(state.sla.scadenza)}): la rosa sarebbe in ritardo; accorciarla o indicare il motivo (almeno ${MOTIVO_MIN_OFFERTA} caratteri)`,
              found: event.finestra?.chiudeIl ?? null, limit: state.sla.scadeIl,
            });
          } else oltreSla = m;
        }
        if (v.length) return refuse(...v);
        const finestra = { apertaIl: new Date(a).toISOString(), chiudeIl: new Date(c).toISOString() };
        return step(
          { ...state, stato: 'pubblicata', congruita: { esito: 'congrua', valutataDa: event.actor.sub, valutataIl: at, ...(oltreSla ? { motivoOltreSla: oltreSla } : {}) }, finestra },
          event.actor,
          { motivazione: `congrua; adesioni dal ${finestra.apertaIl} al ${finestra.chiudeIl}${oltreSla ? `; oltre il termine della rosa (${dataItalianaBreve(state.sla?.scadenza ?? '')}): ${oltreSla}` : ''}` },
        );
      }
      if (event.esito !== 'non-congrua') {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: ${ESITI_CONGRUITA.join(' o ')}`, found: event.esito, limit: ESITI_CONGRUITA });
        return refuse(...v);
      }
      const m = motivo(event.motivo, 'motivo');
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      return step(
        { ...state, stato: 'non-congrua', congruita: { esito: 'non-congrua', motivo: m.motivo, valutataDa: event.actor.sub, valutataIl: at } },
        event.actor,
        { motivazione: m.motivo },
      );
    }

    case 'adesione': {
      const v = [...statoAmmesso(state, ['pubblicata'], "l'adesione"), ...finestraAperta(state, t)];
      if (event.actor) v.push(...personaleCpi(state.ufficio, event.actor));
      if (!nonVuota(event.iscrittoId)) v.push({ rule: 'iscritto-mancante', field: 'iscrittoId', message: 'iscrittoId è obbligatorio', found: event.iscrittoId ?? null });
      if (event.iscritto !== true) {
        v.push({ rule: 'non-iscritto', field: 'iscrittoId', message: `la persona non è iscritta nell'elenco L. 68/99 dell'ufficio ${state.ufficio}`, found: event.iscrittoId });
      }
      const prec = adesioneDi(state, event.iscrittoId);
      if (prec && prec.ritirataIl === undefined) {
        v.push({ rule: 'adesione-duplicata', field: 'iscrittoId', message: 'adesione già presente', found: event.iscrittoId, limit: prec.il });
      }
      if (v.length) return refuse(...v);
      const adesione: Adesione = { iscrittoId: event.iscrittoId, il: at, registrataDa: event.actor?.sub ?? null };
      return step({ ...state, adesioni: { ...state.adesioni, [event.iscrittoId]: adesione } }, event.actor, { iscrittoId: event.iscrittoId });
    }

    case 'ritiro': {
      const v = [...statoAmmesso(state, ['pubblicata'], 'il ritiro'), ...finestraAperta(state, t)];
      if (event.actor) v.push(...personaleCpi(state.ufficio, event.actor));
      const prec = adesioneDi(state, event.iscrittoId);
      if (!prec || prec.ritirataIl !== undefined) {
        v.push({ rule: 'adesione-inesistente', field: 'iscrittoId', message: 'nessuna adesione attiva da ritirare', found: event.iscrittoId });
      }
      if (v.length) return refuse(...v);
      const ritirata: Adesione = { ...(prec as Adesione), ritirataIl: at, ritirataDa: event.actor?.sub ?? null };
      return step({ ...state, adesioni: { ...state.adesioni, [event.iscrittoId]: ritirata } }, event.actor, { iscrittoId: event.iscrittoId });
    }

    case 'chiusuraAdesioni': {
      const v = statoAmmesso(state, ['pubblicata'], 'la chiusura delle adesioni');
      const chiude = istante(state.finestra?.chiudeIl);
      if (!v.length && t < chiude) v.push({ rule: 'finestra-aperta', field: 'finestra', message: 'la finestra delle adesioni non è ancora chiusa', found: at, limit: state.finestra?.chiudeIl });
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'chiusa-adesioni', chiusuraAdesioniIl: at, ...(event.sla ? { sla: slaDa(event.sla) } : {}) }, null, {
        motivazione: `${adesioniAttive(state).length} adesioni attive`,
      });
    }

    case 'graduatoriaPubblicata': {
      const v = [...statoAmmesso(state, ['chiusa-adesioni'], 'la pubblicazione della graduatoria'), ...personaleCpi(state.ufficio, event.actor, RUOLI_PUBBLICAZIONE_GRADUATORIA)];
      if (typeof event.hash !== 'string' || !HASH.test(event.hash)) v.push({ rule: 'hash-non-valido', field: 'hash', message: 'SHA-256 esadecimale minuscolo (64 caratteri)', found: event.hash ?? null });
      if (!nonVuota(event.versioneRegole)) v.push({ rule: 'versione-mancante', field: 'versioneRegole', message: 'la versione delle regole è obbligatoria', found: event.versioneRegole ?? null });
      v.push(...coerenzaGraduatoria(state, event.ordine, event.esclusi));
      if (v.length) return refuse(...v);
      return step(
        {
          ...state,
          stato: 'graduatoria-pubblicata',
          graduatoria: { hash: event.hash, versioneRegole: event.versioneRegole, ordine: [...event.ordine], esclusi: [...event.esclusi], pubblicataDa: event.actor.sub, pubblicataIl: at },
        },
        event.actor,
        { motivazione: `graduatoria ${event.hash} (regole ${event.versioneRegole}): ${event.totali?.idonei ?? event.ordine.length} idonei, ${event.totali?.esclusi ?? event.esclusi.length} esclusi` },
      );
    }

    case 'rosaInviata': {
      const v = [...statoAmmesso(state, ['graduatoria-pubblicata'], "l'invio della rosa"), ...personaleCpi(state.ufficio, event.actor)];
      const ordine = state.graduatoria?.ordine ?? [];
      const attesa = ordine.slice(0, state.posti * state.dimensioneRosa);
      const candidati = Array.isArray(event.candidati) ? event.candidati : [];
      if (candidati.length !== attesa.length || candidati.some((c, i) => c !== attesa[i])) {
        v.push({ rule: 'rosa-non-conforme', field: 'candidati', message: `la rosa sono i primi ${attesa.length} della graduatoria, in ordine`, found: event.candidati ?? null, limit: attesa });
      }
      if (v.length) return refuse(...v);
      const tardi = state.sla !== undefined && !state.sla.violata && t >= istante(state.sla.scadeIl);
      const sla = state.sla && tardi ? { ...state.sla, violata: true, violataIl: state.sla.scadeIl } : state.sla;
      const vuota = candidati.length === 0;
      return step(
        {
          ...state,
          stato: vuota ? 'conclusa' : 'rosa-inviata',
          rosa: { candidati: [...candidati], inviataDa: event.actor.sub, inviataIl: at },
          sla,
          ...(vuota ? { conclusione: { il: at, motivo: 'nessun-idoneo' as const } } : {}),
        },
        event.actor,
        { motivazione: vuota ? 'nessun candidato idoneo' : `${candidati.length} candidati inviati`, ...(tardi ? { slaViolata: true } : {}) },
      );
    }

    case 'esito': {
      const v = [...statoAmmesso(state, statiEsiti(state), "la registrazione dell'esito"), ...cpiODatore(state.ufficio, { id: state.datoreId, codiceFiscale: state.datoreCodiceFiscale }, event.actor)];
      const inRosa = state.rosa?.candidati.includes(event.iscrittoId) ?? false;
      if (!inRosa) v.push({ rule: 'non-in-rosa', field: 'iscrittoId', message: 'la persona non è nella rosa inviata', found: event.iscrittoId });
      if (state.esiti.some((e) => e.iscrittoId === event.iscrittoId)) {
        v.push({ rule: 'esito-duplicato', field: 'iscrittoId', message: "l'esito di questa persona è già registrato", found: event.iscrittoId });
      }
      if (!(ESITI_CANDIDATO as readonly string[]).includes(event.esito)) {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: ${ESITI_CANDIDATO.join(', ')}`, found: event.esito, limit: ESITI_CANDIDATO });
      }
      const assunti = state.esiti.filter((e) => e.esito === 'assunto').length;
      if (event.esito === 'assunto' && assunti >= state.posti) {
        v.push({ rule: 'posti-esauriti', field: 'esito', message: 'tutti i posti sono già coperti', found: assunti, limit: state.posti });
      }
      let testo: string | undefined = event.motivo?.trim() || undefined;
      if (event.esito === 'non-idoneo') {
        const m = motivo(event.motivo, 'motivo');
        v.push(...m.violations);
        testo = m.motivo;
      }
      if (v.length) return refuse(...v);
      const esiti = [...state.esiti, { iscrittoId: event.iscrittoId, esito: event.esito, ...(testo ? { motivo: testo } : {}), registratoDa: event.actor.sub, registratoIl: at }];
      const segnalazione: Segnalazione | undefined =
        event.esito === 'rifiuto' ? { iscrittoId: event.iscrittoId, tipo: 'rifiuto-offerta-congrua', offertaId: state.offertaId, il: at, registrataDa: event.actor.sub } : undefined;
      return step(
        {
          ...conclusione({ ...state, esiti }, at),
          segnalazioni: segnalazione ? [...state.segnalazioni, segnalazione] : state.segnalazioni,
        },
        event.actor,
        { iscrittoId: event.iscrittoId, motivazione: testo ? `${event.esito}: ${testo}` : event.esito, ...(segnalazione ? { segnalazione } : {}) },
      );
    }

    case 'annullamento': {
      const v = [
        ...statoAmmesso(state, ['richiesta', 'pubblicata', 'chiusa-adesioni', 'graduatoria-pubblicata', 'rosa-inviata'], "l'annullamento"),
        ...cpiODatore(state.ufficio, { id: state.datoreId, codiceFiscale: state.datoreCodiceFiscale }, event.actor),
      ];
      const m = motivo(event.motivo, 'motivo');
      v.push(...m.violations);
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'annullata', annullamento: { da: event.actor.sub, il: at, motivo: m.motivo } }, event.actor, { motivazione: m.motivo });
    }

    case 'rettificaEsito': {
      // A second person corrects an outcome: a responsabile of the office who did not record it, with a reason.
      const v = [...statoAmmesso(state, state.versione === 2 ? ['rosa-inviata', 'conclusa'] : [], "la rettifica dell'esito"), ...personaleCpi(state.ufficio, event.actor, RUOLI_RETTIFICA_ESITO)];
      const prec = state.esiti.find((e) => e.iscrittoId === event.iscrittoId);
      if (!prec) v.push({ rule: 'esito-inesistente', field: 'iscrittoId', message: 'non c’è un esito registrato da rettificare per questa persona', found: event.iscrittoId ?? null });
      else if (prec.registratoDa === event.actor.sub) {
        v.push({ rule: 'separazione-compiti', field: 'actor', message: "chi ha registrato l'esito non può rettificarlo: serve un'altra persona", found: event.actor.sub });
      }
      if (!(ESITI_CANDIDATO as readonly string[]).includes(event.esito)) {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: ${ESITI_CANDIDATO.join(', ')}`, found: event.esito, limit: ESITI_CANDIDATO });
      } else if (prec && prec.esito === event.esito) {
        v.push({ rule: 'esito-invariato', field: 'esito', message: `l'esito registrato è già ${event.esito}`, found: event.esito });
      }
      const assuntiAltri = state.esiti.filter((e) => e.esito === 'assunto' && e.iscrittoId !== event.iscrittoId).length;
      if (event.esito === 'assunto' && assuntiAltri >= state.posti) {
        v.push({ rule: 'posti-esauriti', field: 'esito', message: 'tutti i posti sono già coperti', found: assuntiAltri, limit: state.posti });
      }
      const m = motivo(event.motivo, 'motivo');
      v.push(...m.violations);
      if (v.length || !prec) return refuse(...v);
      const corretto: EsitoRegistrato = {
        iscrittoId: event.iscrittoId, esito: event.esito, ...(event.esito === 'non-idoneo' ? { motivo: m.motivo } : {}), registratoDa: event.actor.sub, registratoIl: at,
        rettificaDi: { esito: prec.esito, ...(prec.motivo ? { motivo: prec.motivo } : {}), registratoDa: prec.registratoDa, registratoIl: prec.registratoIl, motivoRettifica: m.motivo },
      };
      const esiti = state.esiti.map((e) => (e.iscrittoId === event.iscrittoId ? corretto : e));
      const revocata = prec.esito === 'rifiuto';
      const segnalazione: Segnalazione | undefined =
        event.esito === 'rifiuto' ? { iscrittoId: event.iscrittoId, tipo: 'rifiuto-offerta-congrua', offertaId: state.offertaId, il: at, registrataDa: event.actor.sub } : undefined;
      const segnalazioni = [...state.segnalazioni.filter((x) => !(revocata && x.iscrittoId === event.iscrittoId)), ...(segnalazione ? [segnalazione] : [])];
      return step({ ...conclusione({ ...state, esiti }, at), segnalazioni }, event.actor, {
        iscrittoId: event.iscrittoId, motivazione: `rettifica ${prec.esito} → ${event.esito}: ${m.motivo}`, rettifica: { da: prec.esito, a: event.esito },
        ...(segnalazione ? { segnalazione } : {}), ...(revocata ? { segnalazioneRevocata: true } : {}),
      });
    }

    case 'rosaSuccessiva': {
      // After negative outcomes: the next candidates of the same graduatoria, never anyone already sent.
      const v = verificaRosaSuccessiva(state, event.actor);
      if (v.some((x) => x.rule === 'rosa-successiva-non-ammessa')) return refuse(...v);
      const quanti = candidatiRosaSuccessiva(state);
      const candidati = Array.isArray(event.candidati) ? event.candidati : [];
      const inviati = new Set(state.rosa?.candidati ?? []);
      if (candidati.length === 0) v.push({ rule: 'graduatoria-esaurita', field: 'candidati', message: 'in graduatoria non restano altri candidati idonei da inviare', found: 0 });
      if (candidati.length > quanti || candidati.some((c) => inviati.has(c)) || new Set(candidati).size !== candidati.length) {
        v.push({ rule: 'rosa-non-conforme', field: 'candidati', message: `al più ${quanti} candidati, nessuno già inviato, ciascuno una volta`, found: candidati, limit: quanti });
      }
      if (v.length) return refuse(...v);
      const invio: InvioRosa = { candidati: [...candidati], inviataDa: event.actor.sub, inviataIl: at, ...(event.saltati?.length ? { saltati: event.saltati } : {}) };
      const { conclusione: _fine, ...aperta } = state;
      return step(
        {
          ...aperta,
          stato: 'rosa-inviata',
          rosa: { ...(state.rosa as NonNullable<OffertaState['rosa']>), candidati: [...(state.rosa?.candidati ?? []), ...candidati] },
          rosaSuccessive: [...(state.rosaSuccessive ?? []), invio],
        },
        event.actor,
        { motivazione: `${candidati.length} candidati inviati (invio n. ${(state.rosaSuccessive?.length ?? 0) + 2})` },
      );
    }

    case 'avvisoSla': {
      const v = statoAmmesso(state, STATI_SLA, "l'avviso di scadenza");
      const sla = state.sla;
      if (!sla) v.push({ rule: 'sla-assente', field: 'sla', message: 'il termine di servizio non è ancora iniziato' });
      else if (sla.avvisoInviato) v.push({ rule: 'avviso-gia-inviato', field: 'sla', message: "l'avviso è già stato inviato", found: sla.avvisoInviatoIl });
      else if (t < istante(sla.avvisoIl)) v.push({ rule: 'avviso-prematuro', field: 'sla', message: "l'avviso non è ancora dovuto", found: at, limit: sla.avvisoIl });
      if (v.length || !sla) return refuse(...v);
      return step({ ...state, sla: { ...sla, avvisoInviato: true, avvisoInviatoIl: at } }, null, { motivazione: `rosa da inviare entro il ${sla.scadenza}` });
    }

    case 'slaScaduta': {
      const v = statoAmmesso(state, STATI_SLA, 'la scadenza del termine di servizio');
      const sla = state.sla;
      if (!sla) v.push({ rule: 'sla-assente', field: 'sla', message: 'il termine di servizio non è ancora iniziato' });
      else if (sla.violata) v.push({ rule: 'sla-gia-violata', field: 'sla', message: 'la violazione è già registrata', found: sla.violataIl });
      else if (t < istante(sla.scadeIl)) v.push({ rule: 'sla-non-scaduta', field: 'sla', message: 'il termine non è ancora scaduto', found: at, limit: sla.scadeIl });
      if (v.length || !sla) return refuse(...v);
      return step({ ...state, sla: { ...sla, violata: true, violataIl: sla.scadeIl } }, null, {
        slaViolata: true,
        motivazione: `rosa non inviata entro il ${sla.scadenza}: escalation al responsabile`,
      });
    }
  }
}

/** Where an outcome may be recorded: with the rosa out; for versione 2 also once concluded (the posts were filled first). */
function statiEsiti(state: OffertaState): OffertaStato[] {
  return state.versione === 2 ? ['rosa-inviata', 'conclusa'] : ['rosa-inviata'];
}

/**
 * The state after the outcomes changed: concluded when the posts are filled or everyone sent has an outcome, open
 * again (rosa-inviata) when a correction undid that. A conclusion that still holds keeps its date.
 */
function conclusione(state: OffertaState, at: string): OffertaState {
  const coperti = state.esiti.filter((e) => e.esito === 'assunto').length >= state.posti;
  const completi = (state.rosa?.candidati ?? []).every((c) => state.esiti.some((e) => e.iscrittoId === c));
  const { conclusione: prima, ...senza } = state;
  if (!coperti && !completi) return { ...senza, stato: 'rosa-inviata', ...(state.stato === 'conclusa' ? { riapertaIl: at } : {}) };
  const motivo = coperti ? ('posti-coperti' as const) : ('esiti-completi' as const);
  return { ...senza, stato: 'conclusa', conclusione: prima && prima.motivo === motivo ? prima : { il: at, motivo } };
}

/** Whether `actor` may ask for another sending now (CPI staff of the office; outcomes all in, posts open). */
export function verificaRosaSuccessiva(state: OffertaState, actor: Actor): RuleViolation[] {
  const v = personaleCpi(state.ufficio, actor);
  if (candidatiRosaSuccessiva(state) === 0) {
    v.push({
      rule: 'rosa-successiva-non-ammessa', field: 'stato',
      message: "un'altra rosa si invia quando tutti i candidati inviati hanno un esito e restano posti da coprire",
      found: { stato: state.stato, assunti: state.esiti.filter((e) => e.esito === 'assunto').length, posti: state.posti },
    });
  }
  return v;
}

/**
 * How many candidates another sending may hold (versione 2): the open posts times the rosa's size per post, once
 * everyone sent has an outcome and posts are still open; 0 when no further sending is allowed.
 */
export function candidatiRosaSuccessiva(state: OffertaState): number {
  if (state.versione !== 2 || state.stato !== 'conclusa' || state.conclusione?.motivo !== 'esiti-completi' || !state.rosa?.candidati.length) return 0;
  const assunti = state.esiti.filter((e) => e.esito === 'assunto').length;
  return Math.max(0, state.posti - assunti) * state.dimensioneRosa;
}

function finestraAperta(state: OffertaState, t: number): RuleViolation[] {
  if (!state.finestra) return [];
  if (t < istante(state.finestra.apertaIl)) return [{ rule: 'finestra-non-aperta', field: 'finestra', message: 'le adesioni non sono ancora aperte', limit: state.finestra.apertaIl }];
  if (t >= istante(state.finestra.chiudeIl)) return [{ rule: 'finestra-chiusa', field: 'finestra', message: 'le adesioni sono chiuse', limit: state.finestra.chiudeIl }];
  return [];
}

/** The ranked and the excluded together are exactly the active applicants, each once. */
function coerenzaGraduatoria(state: OffertaState, ordine: unknown, esclusi: unknown): RuleViolation[] {
  if (!Array.isArray(ordine) || !Array.isArray(esclusi)) {
    return [{ rule: 'graduatoria-incoerente', field: 'ordine', message: 'ordine ed esclusi devono essere elenchi di iscrittoId' }];
  }
  if (state.adesioniEsterne) return [];
  const attive = new Set(adesioniAttive(state));
  const visti = new Set<string>();
  const estranei: string[] = [];
  const ripetuti: string[] = [];
  for (const id of [...ordine, ...esclusi] as string[]) {
    if (visti.has(id)) ripetuti.push(id);
    visti.add(id);
    if (!attive.has(id)) estranei.push(id);
  }
  const mancanti = [...attive].filter((id) => !visti.has(id));
  if (!estranei.length && !ripetuti.length && !mancanti.length) return [];
  return [
    {
      rule: 'graduatoria-incoerente',
      field: 'ordine',
      message: 'idonei ed esclusi devono essere esattamente gli aderenti attivi, ciascuno una volta',
      found: { estranei, ripetuti, mancanti },
    },
  ];
}
