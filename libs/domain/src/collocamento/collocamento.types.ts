/**
 * Collocamento mirato (L. 68/99, DOMAIN §2): the data the eligibility rules, the ranking, the quota and the offer's
 * life cycle work on. Plain data (JSON-safe): stored in PostgreSQL, passed to activities and workflows.
 *
 * Units: dates are calendar dates 'YYYY-MM-DD' (IsoDate); instants are ISO 8601 strings (UTC); money is integer
 * euro cents (`…Cent`); ranking points are integer hundredths of a point (see `CentPunti` in graduatoria.regole.ts).
 */
import type { IsoDate } from '../calendar/calendario';

/** The two lists of L. 68/99: art. 1 (people with disabilities) and art. 18 (other protected categories). */
export const CATEGORIE = ['art1', 'art18'] as const;
export type Categoria = (typeof CATEGORIE)[number];

export const STATI_OCCUPAZIONALI = ['disoccupato', 'occupato'] as const;
export type StatoOccupazionale = (typeof STATI_OCCUPAZIONALI)[number];

/** As on the codice fiscale. */
export const SESSI = ['M', 'F'] as const;
export type Sesso = (typeof SESSI)[number];

/**
 * What the medical *relazione conclusiva* (comitato tecnico) says about job tasks, by task code (the same codes an
 * Offerta's `mansioni` use). A task in neither list was not assessed: see `valutaIdoneita` for what that means.
 * A task in both lists counts as incompatible.
 */
export interface RelazioneConclusiva {
  mansioniCompatibili: string[];
  mansioniIncompatibili: string[];
  /** Free text from the report. Health data: never shown to an employer. */
  note: string;
}

/** A person on the L. 68/99 list of an office. */
export interface Iscritto {
  /** Stable id of the enrolment (the registry's key); the last-resort tie-break of the ranking. */
  id: string;
  /** Upper case, 16 characters (omocodia allowed). */
  codiceFiscale: string;
  /** The CPI the person is enrolled with (office code, e.g. 'CPI-TO-01'). */
  ufficio: string;
  /** The territory of the list (province code, e.g. 'TO'): an offer is open to the lists of its territory. */
  territorio: string;
  categoria: Categoria;
  /** Degree of invalidity, integer 0–100: art. 1 only (undefined for art. 18). Health data. */
  percentualeInvalidita?: number;
  /** Date of enrolment on the list: the seniority criterion and the first tie-break count from here. */
  dataIscrizione: IsoDate;
  statoOccupazionale: StatoOccupazionale;
  /** ISEE in integer euro cents; undefined when the person has not filed one. */
  iseeCent?: number;
  /** Dependants (integer ≥ 0). */
  familiariACarico: number;
  /** Skill codes the person holds. */
  competenze: string[];
  compatibilita: RelazioneConclusiva;
  sesso: Sesso;
  dataNascita: IsoDate;
}

/** An employer subject to the obligation (from its yearly *prospetto informativo*). */
export interface Datore {
  id: string;
  /** 11-digit partita IVA / codice fiscale numerico, or a 16-character personal codice fiscale. */
  codiceFiscale: string;
  denominazione?: string;
  /** Computable employees (L. 68/99 art. 4), integer ≥ 0. */
  dipendentiComputabili: number;
  /** Art. 1 workers already employed and counted towards the quota. */
  coperturaArt1: number;
  /** Art. 18 workers already employed and counted towards the quota. */
  coperturaArt18: number;
}

export const TIPI_CONTRATTO = ['tempo-indeterminato', 'tempo-determinato', 'apprendistato', 'somministrazione'] as const;
export type TipoContratto = (typeof TIPI_CONTRATTO)[number];

/** A skill the offer requires; `peso` (positive integer, default 1) is its weight in the skills-fit criterion. */
export interface CompetenzaRichiesta {
  codice: string;
  peso?: number;
}

/** An employer's request for candidates (DOMAIN §2, step 1). */
export interface Offerta {
  id: string;
  datoreId: string;
  /** The CPI that handles the request. */
  ufficio: string;
  /** The territory whose list the candidates must be enrolled in (province code). */
  territorio: string;
  /** Job profile (free text or a classification code, e.g. ISTAT CP2021). */
  profilo: string;
  /** Task codes of the job: every one must be compatible with a candidate's relazione conclusiva. */
  mansioni: string[];
  /** Place of work (address or municipality). */
  luogo: string;
  contratto: TipoContratto;
  /** Months, for 'tempo-determinato' (and 'somministrazione' when fixed-term). */
  durataMesi?: number;
  oreSettimanali: number;
  /** Number of posts (integer ≥ 1). */
  posti: number;
  competenzeRichieste: CompetenzaRichiesta[];
  /** Which list the offer draws from. */
  categoria: Categoria;
  /** Candidates sent per post (e.g. 3): the rosa holds up to posti × dimensioneRosa people. */
  dimensioneRosa: number;
  /** The date of the employer's request: the service level counts from here. */
  dataRichiesta: IsoDate;
}
