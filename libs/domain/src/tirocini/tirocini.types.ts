/**
 * The shapes of the tirocinio extracurricolare procedure (DOMAIN §1), shared by the rules, the workflow and the API.
 * Dates are ISO dates ('YYYY-MM-DD'); instants are ISO strings in UTC; money is integer euro cents.
 */
export type IsoDate = string;

/** The regions that ship a rule pack; 'nazionale' is the national guideline defaults (Accordo Stato-Regioni 2017). */
export const REGIONI_TIROCINI = ['nazionale', 'toscana', 'sicilia'] as const;
export type RegioneTirocini = (typeof REGIONI_TIROCINI)[number];

/** Causes for which a traineeship may be suspended (suspended time does not count towards its duration). */
export const CAUSE_SOSPENSIONE = ['maternita', 'malattia-lunga', 'infortunio-lungo', 'chiusura-ospitante'] as const;
export type CausaSospensione = (typeof CAUSE_SOSPENSIONE)[number];

/** A host-size band: hosts with at most `finoA` permanent employees (open-ended if undefined) may take `massimo`
 *  concurrent trainees, or, when `percentuale` is set, that percentage of the permanent employees rounded up. */
export interface FasciaOspitante {
  finoA?: number;
  massimo?: number;
  percentuale?: number;
}

export interface RegolaSospensione {
  causa: CausaSospensione;
  /** The cause counts only if it lasts at least this many calendar days (0 = any length). */
  minimoGiorni: number;
  /** Or, if set, at least this fraction of the planned duration (illness ≥ 1/3 of the period). */
  minimoFrazioneDurata?: number;
}

/**
 * Every value the tirocinio rules use, for one region from one date. Versioned: a decision stores `versione`, and
 * a later pack never changes a decision already taken. `fonte` cites the act the values come from.
 */
export interface RegolePackTirocini {
  regione: RegioneTirocini;
  /** e.g. 'toscana-2024.1': unique across packs. */
  versione: string;
  /** First day the pack applies (the submission date decides which pack a practice uses). */
  validoDal: IsoDate;
  fonte: string;
  /** Minimum age on the first day (the guidelines: compulsory education completed, 16 years). */
  etaMinimaAnni: number;
  durataMinimaMesi: number;
  durataMassimaMesi: number;
  /** Longer maximum for people with disabilities or disadvantaged (svantaggiati). */
  durataMassimaMesiSvantaggiati: number;
  /** Concurrent trainees per host site by permanent employees, bands in increasing `finoA`, last one open-ended. */
  fasceOspitante: FasciaOspitante[];
  /** Trainees a host tutor may follow at once. */
  maxTirocinantiPerTutorOspitante: number;
  /** Trainees a promoter tutor may follow at once. */
  maxTirocinantiPerTutorPromotore: number;
  /** Minimum gross monthly indemnity, in euro cents. */
  indennitaMinimaMensileCent: number;
  /** Minimum weekly hours: indemnity may be reduced below full time is out of scope; hours must be within bounds. */
  oreSettimanaliMassime: number;
  /** Attendance share of planned hours needed for the attestazione (0.7 = 70%). */
  sogliaPresenze: number;
  /** Working days the submitter has to answer a richiesta di integrazioni. */
  integrazioneGiorniLavorativi: number;
  /** Working days before the start date when the reminder about the comunicazione obbligatoria goes out. */
  preavvisoComunicazioneGiorniLavorativi: number;
  /** Months back in which no dismissal for the same role at the same site is allowed. */
  mesiSenzaLicenziamenti: number;
  /** Years back in which the trainee must not have been employed by the host. */
  anniSenzaRapportoPrecedente: number;
  causeSospensione: RegolaSospensione[];
}

/** The documents of a practice, by kind. */
export const TIPI_DOCUMENTO_TIROCINIO = [
  'convenzione',
  'progetto-formativo',
  'autocertificazione-ospitante',
  'dichiarazione-selezione',
  'documento-identita',
  'registro-presenze',
  'attestazione-finale',
] as const;
export type TipoDocumentoTirocinio = (typeof TIPI_DOCUMENTO_TIROCINIO)[number];

/** A stored document as the practice refers to it: never its bytes. */
export interface DocumentoAllegato {
  tipo: TipoDocumentoTirocinio;
  documentoId: string;
  versione: number;
  sha256: string;
  /** The content type detected from the bytes at upload (not the file name). */
  contentType: string;
  /** Whether the document is signed by the parties that must sign it (declared by the uploader, recorded). */
  firmato: boolean;
}

/** The host's self-declared facts (autocertificazione), recorded as given. */
export interface DichiarazioniOspitante {
  /** Dismissals for the same role at the same site in the previous `mesiSenzaLicenziamenti` months. */
  licenziamentiStessaMansione: boolean;
  /** The trainee was employed by the host in the previous `anniSenzaRapportoPrecedente` years. */
  rapportoPrecedenteConTirocinante: boolean;
}

/** The progetto formativo individuale, as entered in the draft. */
export interface ProgettoFormativo {
  promotoreId: string;
  ospitanteId: string;
  /** The host's site (sede operativa) where the traineeship takes place. */
  sedeId: string;
  tirocinanteId: string;
  tutorOspitanteId: string;
  tutorPromotoreId: string;
  /** An existing convenzione covering promotore and ospitante (or the convenzione document is attached). */
  convenzioneId?: string;
  dataInizio: IsoDate;
  dataFine: IsoDate;
  oreSettimanali: number;
  obiettivi: string;
  attivita: string;
  /** Gross monthly indemnity in euro cents. */
  indennitaMensileCent: number;
  /** Person with disabilities or disadvantaged: the longer maximum duration applies. */
  svantaggiato: boolean;
  dichiarazioni: DichiarazioniOspitante;
}

/**
 * The trainee's data a check read from the registry (the practice refers to the trainee, it does not copy them),
 * recorded with its step: a later correction of the trainee changes the registry, not what a past check was made on.
 * The codice fiscale also finds the person's other traineeships (the overlap check).
 */
export interface ControlloTirocinante {
  tirocinanteId: string;
  codiceFiscale: string;
  dataNascita: IsoDate;
}

/**
 * What the first-level checks need to know about the world, read from the live data at submission in the same
 * transaction that takes the place (so two concurrent submissions cannot both take the last one).
 */
export interface ContestoControlli {
  /** Permanent employees at the host's site: the count in force on the date of the check. */
  dipendentiIndeterminatoSede: number;
  /** The date that count is in force from, named in the limit's message (see dipendenti.ts). */
  dipendentiIndeterminatoDal?: IsoDate;
  /** Other traineeships at that site overlapping the requested period (submitted, approved or active). */
  tirociniConcorrentiSede: number;
  /** Other traineeships of the host tutor overlapping the period. */
  tirociniConcorrentiTutorOspitante: number;
  /** Other traineeships of the promoter tutor overlapping the period. */
  tirociniConcorrentiTutorPromotore: number;
  /** Other traineeships of the trainee overlapping the period (ids), any host. */
  tirociniSovrappostiTirocinante: string[];
  /** The trainee's birth date, for the pack's minimum age at the start (when known). */
  dataNascitaTirocinante?: IsoDate;
  /** The convenzione referred to, if any: its parties and validity. */
  convenzione?: { id: string; promotoreId: string; ospitanteId: string; validaDal: IsoDate; validaAl: IsoDate };
  /** Host's fiscal code / VAT number and trainee's codice fiscale, to check they are well-formed. */
  codiceFiscaleOspitante: string;
  codiceFiscaleTirocinante: string;
}
