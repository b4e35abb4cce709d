/**
 * Inspections (DOMAIN §3): the data the eligibility rules, the draw and the deadlines work on. Plain data: it is
 * stored in PostgreSQL, passed to activities and, for the draw, written into transcripts anyone entitled can check.
 */
export type IsoDate = string;

export const PRIORITA = ['alta', 'media', 'bassa'] as const;
export type Priorita = (typeof PRIORITA)[number];

export const FONTI = ['esposto', 'altro-ente', 'piano-ufficio'] as const;
export type FonteRichiesta = (typeof FONTI)[number];

export interface Assenza {
  dal: IsoDate;
  al: IsoDate;
  /** Personal (often health): dirigenti only, never in a transcript. */
  motivo: string;
  /** The record, who entered it and, when someone else than the inspector did, the second dirigente who confirmed it. */
  id?: string;
  inseritaDa?: string;
  confermataDa?: string | null;
}

export interface Ispettore {
  id: string;
  nome: string;
  ispettorato: string;
  /** Territories (e.g. province codes "PA", "TP") the inspector is competent for. */
  territori: string[];
  /** Case types the inspector is qualified for (e.g. "lavoro-nero", "sicurezza", "previdenza"). */
  qualifiche: string[];
  /** Leave and other unavailability, inclusive dates. */
  assenze: Assenza[];
  /** Open cases now: the workload the draw weights by. */
  caricoAperto: number;
}

export interface ConflittoInteresse {
  /** The declaration's id: the transcript's exclusion names it. */
  id?: string;
  ispettoreId: string;
  aziendaId: string;
  /** Why (personal: shown to the dirigente and the inspector concerned, never in a transcript). */
  motivo: string;
  dal: IsoDate;
  /** Open-ended when missing. */
  al?: IsoDate;
  /** Who declared it (the inspector concerned, or a dirigente) and when (ISO instant); who confirmed a dirigente's. */
  dichiaratoDa?: string;
  dichiaratoIl?: string;
  confermatoDa?: string | null;
}

/** A past assignment, for the rotation rule (not the same company again within the window). */
export interface AssegnazionePrecedente {
  ispettoreId: string;
  aziendaId: string;
  data: IsoDate;
}

export interface RichiestaDaAssegnare {
  id: string;
  ispettorato: string;
  territorio: string;
  tipoPratica: string;
  aziendaId: string;
  dataAssegnazione: IsoDate;
}

export type RegolaEsclusione = 'territorio' | 'qualifica' | 'assenza' | 'conflitto' | 'rotazione' | 'astensione';

export interface MotivoEsclusione {
  regola: RegolaEsclusione;
  dettaglio: string;
  /** The record the exclusion rests on, when there is one: e.g. "conflitto-interesse:<id>" for a declaration. */
  riferimento?: string;
}

export interface Esclusione {
  ispettoreId: string;
  motivi: MotivoEsclusione[];
}

/** A rule that stepped aside for one draw (rotation, when it alone would have left nobody): who it would have excluded. */
export interface Deroga {
  regola: 'rotazione';
  ispettoreId: string;
  dettaglio: string;
}

export interface EsitoIdoneita {
  /** Eligible inspector ids, sorted ascending (the draw's canonical order). */
  idonei: string[];
  esclusi: Esclusione[];
  /** Inspectors made eligible because a rule stepped aside (empty in the usual case). */
  deroghe: Deroga[];
}

// ---- The draw ----

/** Versioned: a transcript names the algorithm that produced it, and verification uses that version. */
export const ALGORITMO_SORTEGGIO = 'sorteggio-ponderato/1';

export interface Candidato {
  ispettoreId: string;
  caricoAperto: number;
  /** Integer weight from the workload (formula in docs/assignment.md and in every transcript). */
  peso: number;
}

export interface ValoreBeacon {
  fonte: string;
  round: number;
  valore: string;
}

/** Everything a draw used and produced. Recorded (hash-chained) before anyone is told the result. */
export interface TrascrizioneSorteggio {
  algoritmo: string;
  ispettorato: string;
  /** The commit-reveal period, e.g. "2026-11". */
  periodo: string;
  /** SHA-256 (hex) of the period's secret, published before the period began. */
  impegnoSegreto: string;
  richiestaId: string;
  tentativo: number;
  beacon: ValoreBeacon | null;
  pesoFormula: string;
  /** Sorted by ispettoreId. */
  candidati: Candidato[];
  esclusi: Esclusione[];
  /** Rules that stepped aside for this draw (rotation, when it alone would have left nobody); absent when none did. */
  deroghe?: Deroga[];
  estrazione: {
    /** SHA-256 (hex) of the seed material (see docs/assignment.md). */
    seme: string;
    /** Total weight, the uniform integer drawn in [0, totale), and how many 64-bit values were rejected first. */
    totale: number;
    valore: number;
    rifiutati: number;
    scelto: string;
  };
  registratoIl: string;
}

/**
 * A manual assignment (a reassignment proposed with a reason and approved by a second dirigente), recorded in the
 * inspectorate's chain like a draw, so every assignment of a case has a transcript and attempts run without gaps.
 * Nothing in it is recomputed: it says who chose, who approved, why, and which eligibility rules the inspector passed.
 */
export interface TrascrizioneManuale {
  tipo: 'manuale';
  ispettorato: string;
  /** The period in force when it was recorded, if any (for the monitoring per period). */
  periodo: string | null;
  richiestaId: string;
  tentativo: number;
  ispettoreId: string;
  motivo: string;
  propostaDa: string;
  propostaIl: string;
  approvataDa: string;
  approvataIl: string;
  /** The eligibility rules the inspector was checked against when the assignment was recorded, all passed. */
  regoleVerificate: RegolaEsclusione[];
  /** When rotation was overridden: the stated reason and what rotation said. */
  derogaRotazione: { motivo: string; dettaglio: string } | null;
  registratoIl: string;
}

/** Every assignment leaves one of these in the chain. */
export type TrascrizioneAssegnazione = TrascrizioneSorteggio | TrascrizioneManuale;

export const isManuale = (t: TrascrizioneAssegnazione): t is TrascrizioneManuale => (t as TrascrizioneManuale).tipo === 'manuale';
