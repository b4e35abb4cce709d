/**
 * The cronoprogramma plan as managers write it (DOMAIN §4): strategic areas → objectives → indicators → phases.
 * Dates are calendar days 'YYYY-MM-DD'; weights are percentages with up to two decimals, summing to 100 per level.
 * This is also the JSON document a whole plan is created from and exported to.
 */
export type IsoDate = string;

export interface PianoDocumento {
  ufficio: string;
  anno: number;
  titolo: string;
  /** The plan's close date: at its end the plan is frozen for the final monitoring. */
  chiusura: IsoDate;
  aree: AreaStrategica[];
  /** How deadlines are chased; defaults: reminder 5 working days before, escalation 5 days after a phase is overdue. */
  scadenze?: {
    preavvisoGiorniLavorativi?: number;
    /** ISO 8601 duration, e.g. "P5D", "PT12H" (tests use seconds: "PT2S"). */
    tolleranzaEscalation?: string;
    /** Weekly digest of open phases per responsible structure, on the first working day of the week (default true). */
    digestSettimanale?: boolean;
  };
}

export interface AreaStrategica {
  codice: string;
  titolo: string;
  obiettivi: Obiettivo[];
}

export interface Obiettivo {
  /** e.g. "1.2"; unique within the plan. */
  numero: string;
  descrizione: string;
  /** % of the plan; all objectives of the plan sum to 100. */
  peso: number;
  strutturaResponsabile: string;
  collegamentoProgramma?: string;
  indicatori: Indicatore[];
}

interface IndicatoreBase {
  /** e.g. "1.2.a"; unique within the plan. */
  codice: string;
  descrizione: string;
  /** % of the objective; the objective's indicators sum to 100. */
  peso: number;
}

/** Procedural: tracked by a cronoprogramma of phases. */
export interface IndicatoreProcedurale extends IndicatoreBase {
  tipo: 'procedurale';
  fasi: Fase[];
}

/** Numeric: achieved against target. */
export interface IndicatoreNumerico extends IndicatoreBase {
  tipo: 'numerico';
  formula: string;
  baseline?: number;
  target: number;
  raggiunto?: number;
  /** Self-assessed % stated in the monitoring note (rule 4: the lower of the two stands). */
  autovalutazionePct?: number;
  notaMonitoraggio?: string;
  fonteDati?: string;
  causaEsterna?: CausaEsterna;
}

/** Declared not evaluable for the organisation: excluded from the weights (rule 5). */
export interface IndicatoreNonValutabile extends IndicatoreBase {
  tipo: 'non-valutabile';
  motivazione: string;
}

export type Indicatore = IndicatoreProcedurale | IndicatoreNumerico | IndicatoreNonValutabile;

export interface CausaEsterna {
  /** Why the miss is not attributable to the office. */
  giustificazione: string;
}

export interface Fase {
  /** 1, 2, 3... unique within the indicator. */
  numero: number;
  descrizione: string;
  outputAtteso: string;
  inizioPrevisto: IsoDate;
  finePrevista: IsoDate;
  strutturaResponsabile: string;
  /** % of the indicator; the indicator's phases sum to 100. */
  peso: number;
  fineEffettiva?: IsoDate;
  notaMonitoraggio?: string;
  fonteDati?: string;
  causaEsterna?: CausaEsterna;
  /** Self-assessed % from the monitoring note (rule 4). */
  autovalutazionePct?: number;
  /** Delay in days estimated from the monitoring note when no actual end can be given (rule 2). */
  ritardoStimatoGiorni?: number;
}

// ---- Valuation (GET /piani/{id}/valutazione): every score with the rule applied and the numbers used ----

/** Which published rule produced a score. */
export type RegolaApplicata =
  | 'in-tempo' // completed by its planned end: 100
  | 'ritardo-proporzionale' // rule 1: planned duration / actual duration
  | 'ritardo-recuperato' // rule 1: late, but the whole cronoprogramma ended by its final planned date: 100
  | 'ritardo-stimato' // rule 2: planned / (planned + estimated delay)
  | 'nessuna-informazione' // rule 2: not completed, no estimate: 0
  | 'rapporto-target' // rule 3: achieved × 100 / target, capped at 100
  | 'autovalutazione-inferiore' // rule 4: the self-assessed score is lower and stands
  | 'neutralizzato-causa-esterna' // rule 5: excluded from the weights
  | 'non-valutabile' // rule 5: excluded from the weights
  | 'media-ponderata'; // an indicator, objective or plan: weighted average of what remains

/**
 * A score as an exact percentage with two decimals, as a string ("85.38", "99.75", "100.00"), or null when the item
 * is neutralised (it then has no score and no weight).
 */
export type Punteggio = string | null;

export interface ValutazioneVoce {
  punteggio: Punteggio;
  regola: RegolaApplicata;
  /** The numbers used, named, so a manager can redo the arithmetic by hand (e.g. giorniPrevisti, giorniEffettivi). */
  calcolo: Record<string, number | string | null>;
  /** Plain-language account of the computation, e.g. "181 / 212 = 85.38%". */
  spiegazione: string;
  /** The weight as declared, and the weight it carried after neutralised siblings were removed. */
  peso: number;
  pesoEffettivo: string | null;
}

export interface ValutazioneFase extends ValutazioneVoce {
  numero: number;
}

export interface ValutazioneIndicatore extends ValutazioneVoce {
  codice: string;
  fasi?: ValutazioneFase[];
}

export interface ValutazioneObiettivo extends ValutazioneVoce {
  numero: string;
  indicatori: ValutazioneIndicatore[];
}

export interface ValutazionePiano {
  /** The date the valuation was computed for. */
  alla: IsoDate;
  punteggio: Punteggio;
  regola: 'media-ponderata';
  spiegazione: string;
  obiettivi: ValutazioneObiettivo[];
}
