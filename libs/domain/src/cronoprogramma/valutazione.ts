import { Decimal } from 'decimal.js';
import {
  Fase,
  Indicatore,
  IsoDate,
  Obiettivo,
  PianoDocumento,
  ValutazioneFase,
  ValutazioneIndicatore,
  ValutazioneObiettivo,
  ValutazionePiano,
  ValutazioneVoce,
} from './cronoprogramma.types';

/**
 * Exact decimal arithmetic for scores and weights: 40 significant digits, halves rounded up, as a manager rounds by
 * hand. A clone, so the global Decimal settings of other code are never touched.
 */
export const Esatto = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Esatto = InstanceType<typeof Esatto>;

const CENTO = new Esatto(100);

/** Two decimals, half up, always printed with both ("100.00", "85.38"). */
export const dueDecimali = (x: Esatto): string => x.toFixed(2, Esatto.ROUND_HALF_UP);

/** A JS number as written (weights and percentages arrive as numbers with a few decimals): via its string form. */
const esatto = (n: number): Esatto => new Esatto(String(n));

/*
 * The hot path (phases and weighted averages: a 10,000-phase plan) works in exact integer hundredths instead of
 * Decimal objects: days are integers, and every score and weight has two decimals. All products stay far below 2^53.
 */

/** A two-decimal number as an integer count of hundredths (exact for values written with at most two decimals). */
const centesimi = (n: number): number => Math.round(n * 100);

/** A printed score ("85.38") as hundredths. */
const daStringa = (p: string): number => Math.round(Number(p) * 100);

/** a / b rounded half up, for non-negative integers a and b > 0, exactly (the float quotient is corrected). */
export function divisioneArrotondata(a: number, b: number): number {
  const num = 2 * a + b;
  const den = 2 * b;
  let q = Math.floor(num / den);
  if (q * den > num) q--;
  else if ((q + 1) * den <= num) q++;
  return q;
}

/** Hundredths printed with two decimals: 8538 → "85.38". */
const stampa = (c: number): string => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;

/** An integer count of 10^-scala units in its shortest decimal form: (74000000, 4) → "7400", (1234567, 4) → "123.4567". */
function decimale(n: number, scala: number): string {
  const s = String(n).padStart(scala + 1, '0');
  const intero = s.slice(0, s.length - scala);
  const frazione = s.slice(s.length - scala).replace(/0+$/, '');
  return frazione ? `${intero}.${frazione}` : intero;
}

/** giorniPrevisti × 100 / denominatore, rounded half up to two decimals. */
const rapportoGiorni = (giorniPrevisti: number, denominatore: number): string => stampa(divisioneArrotondata(giorniPrevisti * 10_000, denominatore));

/** The part of a valuation that does not depend on siblings (the effective weight does). */
type Esito = Pick<ValutazioneVoce, 'punteggio' | 'regola' | 'calcolo' | 'spiegazione'>;

/** valutaPiano's precondition is verificaPiano(piano) = []; arithmetic that cannot be done is refused, not guessed. */
function pianoNonValido(cosa: string): never {
  throw new Error(`piano non valido (${cosa}): eseguire prima verificaPiano`);
}

/**
 * Day number (days since 1970-01-01) of a real calendar date 'YYYY-MM-DD', computed in UTC so no local time zone
 * or daylight-saving change can shift it; undefined for anything else ('2026-02-30', '2026-2-3', '03/01/2026').
 */
export function giornoUtc(d: unknown): number | undefined {
  if (typeof d !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return undefined;
  const [anno, mese, giorno] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(anno, mese - 1, giorno));
  // Date.UTC rolls impossible dates over (30 February → 2 March) and maps years 0-99 to 1900-1999: refuse both.
  if (t.getUTCFullYear() !== anno || t.getUTCMonth() !== mese - 1 || t.getUTCDate() !== giorno) return undefined;
  return t.getTime() / 86_400_000;
}

/** The day number of a date the plan must have right; anything else makes the valuation impossible. */
function giorno(d: IsoDate | undefined, campo: string): number {
  const n = giornoUtc(d);
  if (n === undefined) pianoNonValido(`${campo}: ${String(d)} non è una data`);
  return n;
}

// ---- Rules 1 and 2: a phase ----

interface Cronoprogramma {
  /** The indicator's final planned date: the latest planned end of its phases. */
  fineFinale: IsoDate;
  /** When every phase that is not neutralised has an actual end, the latest of them; otherwise undefined. */
  conclusoIl?: IsoDate;
}

function cronoprogramma(fasi: Fase[], codice: string): Cronoprogramma {
  // ISO dates compare as strings once checked. The final planned date is that of the plan as written, so it counts
  // every phase, neutralised ones included.
  let fineFinale = '';
  for (const f of fasi) {
    giorno(f.finePrevista, `${codice} fase ${f.numero} finePrevista`);
    if (f.finePrevista > fineFinale) fineFinale = f.finePrevista;
  }
  // "The whole cronoprogramma ended" means every phase still in the valuation has an actual end.
  const attive = fasi.filter((f) => !f.causaEsterna);
  const conclusoIl =
    attive.length > 0 && attive.every((f) => f.fineEffettiva !== undefined)
      ? attive.map((f) => f.fineEffettiva as IsoDate).reduce((a, b) => (b > a ? b : a))
      : undefined;
  return { fineFinale, conclusoIl };
}

function esitoTecnicoFase(f: Fase, crono: Cronoprogramma, dove: string): Esito {
  const inizio = giorno(f.inizioPrevisto, `${dove} inizioPrevisto`);
  const fine = f.finePrevista;
  // Inclusive calendar days: a phase planned 2026-01-01..2026-06-30 lasts 181 days.
  const giorniPrevisti = giorno(fine, `${dove} finePrevista`) - inizio + 1;
  if (giorniPrevisti < 1) pianoNonValido(`${dove}: finePrevista precede inizioPrevisto`);

  if (f.fineEffettiva !== undefined) {
    const fineEffettiva = f.fineEffettiva;
    const giorniEffettivi = giorno(fineEffettiva, `${dove} fineEffettiva`) - inizio + 1;
    // Valid ISO dates compare as strings.
    if (fineEffettiva <= fine) {
      return {
        punteggio: '100.00',
        regola: 'in-tempo',
        calcolo: { finePrevista: fine, fineEffettiva },
        spiegazione: `completata il ${fineEffettiva}, entro la fine prevista ${fine}: 100.00%`,
      };
    }
    if (crono.conclusoIl !== undefined && crono.conclusoIl <= crono.fineFinale) {
      return {
        punteggio: '100.00',
        regola: 'ritardo-recuperato',
        calcolo: { giorniPrevisti, giorniEffettivi, cronoprogrammaConclusoIl: crono.conclusoIl, fineFinalePrevista: crono.fineFinale },
        spiegazione:
          `completata il ${fineEffettiva}, oltre la fine prevista ${fine}, ma il cronoprogramma si è concluso il ` +
          `${crono.conclusoIl}, entro la data finale prevista ${crono.fineFinale}: 100.00%`,
      };
    }
    const p = rapportoGiorni(giorniPrevisti, giorniEffettivi);
    return {
      punteggio: p,
      regola: 'ritardo-proporzionale',
      calcolo: { giorniPrevisti, giorniEffettivi },
      spiegazione: `in ritardo: giorni previsti / giorni effettivi = ${giorniPrevisti} / ${giorniEffettivi} = ${p}%`,
    };
  }

  if (f.ritardoStimatoGiorni !== undefined) {
    const ritardo = f.ritardoStimatoGiorni;
    if (!Number.isInteger(ritardo) || ritardo < 0) pianoNonValido(`${dove}: ritardoStimatoGiorni ${ritardo}`);
    const p = rapportoGiorni(giorniPrevisti, giorniPrevisti + ritardo);
    return {
      punteggio: p,
      regola: 'ritardo-stimato',
      calcolo: { giorniPrevisti, ritardoStimatoGiorni: ritardo },
      spiegazione: `non completata; ritardo stimato ${ritardo} giorni: ${giorniPrevisti} / (${giorniPrevisti} + ${ritardo}) = ${p}%`,
    };
  }

  return {
    punteggio: '0.00',
    regola: 'nessuna-informazione',
    calcolo: { giorniPrevisti, finePrevista: fine },
    spiegazione: 'non completata e senza stima del ritardo: 0.00%',
  };
}

// ---- Rule 4: the lower of technical score and self-assessment ----

function conAutovalutazione(tecnico: Esito, autovalutazionePct: number | undefined, dove: string): Esito {
  if (autovalutazionePct === undefined || tecnico.punteggio === null) return tecnico;
  if (!Number.isFinite(autovalutazionePct)) pianoNonValido(`${dove}: autovalutazionePct ${autovalutazionePct}`);
  // Compared as printed, two decimals each: what the manager sees side by side.
  const autovalutazione = dueDecimali(esatto(autovalutazionePct));
  if (daStringa(autovalutazione) >= daStringa(tecnico.punteggio)) {
    return {
      ...tecnico,
      calcolo: { ...tecnico.calcolo, autovalutazione },
      spiegazione: `${tecnico.spiegazione} (autovalutazione ${autovalutazione}% non inferiore: vale il punteggio tecnico)`,
    };
  }
  return {
    punteggio: autovalutazione,
    regola: 'autovalutazione-inferiore',
    calcolo: { ...tecnico.calcolo, regolaTecnica: tecnico.regola, tecnico: tecnico.punteggio, autovalutazione },
    spiegazione: `${tecnico.spiegazione}; autovalutazione ${autovalutazione}% inferiore al tecnico ${tecnico.punteggio}%: vale ${autovalutazione}%`,
  };
}

// ---- Rule 5: neutralised items ----

const neutralizzato = (giustificazione: string, peso: number): Esito => ({
  punteggio: null,
  regola: 'neutralizzato-causa-esterna',
  calcolo: { pesoEscluso: peso },
  spiegazione: `neutralizzato per causa esterna, escluso dalla media: ${giustificazione}`,
});

// ---- Weighted averages ----

type Voce = Omit<ValutazioneVoce, 'pesoEffettivo'>;
type Pesata<T> = T & { pesoEffettivo: string | null };

/**
 * Weighted average of the children that are not neutralised, over the weights that remain. It is computed from the
 * children's ROUNDED scores, so that redoing the arithmetic from the printed sheet gives the same figure.
 * Using the declared weights over their remaining sum is the same as using the renormalised weights exactly;
 * pesoEffettivo (peso / remaining weights × 100, two decimals) is only for display.
 */
function pondera<T extends Voce>(figli: T[], nomeFigli: string, dove: string): { figli: Pesata<T>[]; esito: Esito } {
  const valutati = figli.filter((f) => f.punteggio !== null);
  if (valutati.length === 0) {
    // Nothing left to weigh: the parent is neutralised too. Only if every child was declared not evaluable (or
    // there is none) is the parent "non-valutabile"; any external cause makes it a neutralisation.
    const nonValutabile = figli.every((f) => f.regola === 'non-valutabile');
    return {
      figli: figli.map((f) => ({ ...f, pesoEffettivo: null })),
      esito: {
        punteggio: null,
        regola: nonValutabile ? 'non-valutabile' : 'neutralizzato-causa-esterna',
        calcolo: { pesiRimasti: '0' },
        spiegazione:
          figli.length === 0 ? `nessun elemento tra ${nomeFigli}: nessun punteggio` : `tutti gli elementi tra ${nomeFigli} sono esclusi: nessun punteggio`,
      },
    };
  }
  let pesiRimasti = 0; // hundredths of a percentage point
  let somma = 0; // score × weight, in ten-thousandths
  for (const f of valutati) {
    if (!Number.isFinite(f.peso)) pianoNonValido(`${dove}: peso ${f.peso}`);
    const peso = centesimi(f.peso);
    pesiRimasti += peso;
    somma += daStringa(f.punteggio as string) * peso;
  }
  if (pesiRimasti <= 0) pianoNonValido(`${dove}: i pesi rimasti di ${nomeFigli} sommano a ${decimale(pesiRimasti, 2)}`);
  const punteggio = stampa(divisioneArrotondata(somma, pesiRimasti));
  const esclusi = figli.length - valutati.length;
  // Short enough to read: the terms themselves; otherwise just the totals.
  const termini = valutati.length <= 10 ? `(${valutati.map((f) => `${f.punteggio} × ${f.peso}`).join(' + ')})` : `Σ punteggio × peso = ${decimale(somma, 4)}`;
  return {
    figli: figli.map((f) => ({
      ...f,
      pesoEffettivo: f.punteggio === null ? null : stampa(divisioneArrotondata(centesimi(f.peso) * 10_000, pesiRimasti)),
    })),
    esito: {
      punteggio,
      regola: 'media-ponderata',
      calcolo: { somma: decimale(somma, 4), pesiRimasti: decimale(pesiRimasti, 2), valutati: valutati.length, esclusi },
      spiegazione:
        `media ponderata di ${nomeFigli}: ${termini} / ${decimale(pesiRimasti, 2)} = ${punteggio}%` +
        (esclusi ? ` (${esclusi} ${esclusi === 1 ? 'escluso' : 'esclusi'})` : ''),
    },
  };
}

// ---- Indicators and objectives ----

function valutaIndicatore(ind: Indicatore): Omit<ValutazioneIndicatore, 'pesoEffettivo'> {
  const base = { codice: ind.codice, peso: ind.peso };
  switch (ind.tipo) {
    case 'non-valutabile':
      return {
        ...base,
        punteggio: null,
        regola: 'non-valutabile',
        calcolo: { pesoEscluso: ind.peso },
        spiegazione: `indicatore non valutabile, escluso dalla media: ${ind.motivazione}`,
      };
    case 'numerico': {
      if (ind.causaEsterna) return { ...base, ...neutralizzato(ind.causaEsterna.giustificazione, ind.peso) };
      return { ...base, ...conAutovalutazione(esitoNumerico(ind.codice, ind.target, ind.raggiunto), ind.autovalutazionePct, ind.codice) };
    }
    case 'procedurale': {
      const fasi = ind.fasi ?? [];
      const crono = cronoprogramma(fasi, ind.codice);
      const valutate = fasi.map((f): Omit<ValutazioneFase, 'pesoEffettivo'> => {
        const voce = { numero: f.numero, peso: f.peso };
        if (f.causaEsterna) return { ...voce, ...neutralizzato(f.causaEsterna.giustificazione, f.peso) };
        const dove = `${ind.codice} fase ${f.numero}`;
        return { ...voce, ...conAutovalutazione(esitoTecnicoFase(f, crono, dove), f.autovalutazionePct, dove) };
      });
      const { figli, esito } = pondera(valutate, 'fasi', ind.codice);
      return { ...base, ...esito, fasi: figli };
    }
    default: {
      const tipo: string = (ind as { tipo: string }).tipo;
      return pianoNonValido(`${(ind as Indicatore).codice}: tipo sconosciuto ${tipo}`);
    }
  }
}

/** Rule 3: achieved × 100 / target, capped at 100 (and, for a negative achievement, floored at 0). */
function esitoNumerico(codice: string, target: number, raggiunto: number | undefined): Esito {
  if (!Number.isFinite(target) || target <= 0) pianoNonValido(`${codice}: target ${target}`);
  if (raggiunto === undefined) {
    return { punteggio: '0.00', regola: 'nessuna-informazione', calcolo: { target, raggiunto: null }, spiegazione: 'valore raggiunto non rilevato: 0.00%' };
  }
  if (!Number.isFinite(raggiunto)) pianoNonValido(`${codice}: raggiunto ${raggiunto}`);
  const rapporto = esatto(raggiunto).times(CENTO).div(esatto(target));
  const limitato = Esatto.min(CENTO, Esatto.max(0, rapporto));
  const punteggio = dueDecimali(limitato);
  const testo = `${raggiunto} × 100 / ${target} = ${dueDecimali(rapporto)}%`;
  return {
    punteggio,
    regola: 'rapporto-target',
    calcolo: { raggiunto, target, rapporto: dueDecimali(rapporto) },
    spiegazione: limitato.eq(rapporto) ? testo : `${testo}, limitato a ${punteggio}%`,
  };
}

function valutaObiettivo(o: Obiettivo): Omit<ValutazioneObiettivo, 'pesoEffettivo'> {
  const { figli, esito } = pondera((o.indicatori ?? []).map(valutaIndicatore), 'indicatori', o.numero);
  return { numero: o.numero, peso: o.peso, ...esito, indicatori: figli };
}

/**
 * The valuation of a plan by the rules of DOMAIN §4: every phase and numeric indicator scored with the rule applied
 * and the numbers used, each indicator and objective the weighted average of what is not neutralised, and the plan
 * the weighted average of its objectives over the weights that remain. Pure and exact (decimal arithmetic, scores
 * rounded half up to two decimals at every level). `alla` is the date the valuation is for: the rules score what is
 * recorded, so a phase not yet due with no actual end scores like any other unfinished phase (the valuation is
 * meant for the final monitoring).
 *
 * Expects a plan that passes verificaPiano; throws when the arithmetic is impossible (an invalid date, an
 * inverted phase, a target ≤ 0, remaining weights summing to 0).
 */
export function valutaPiano(piano: PianoDocumento, alla: IsoDate): ValutazionePiano {
  giorno(alla, 'alla');
  const obiettivi = (piano.aree ?? []).flatMap((a) => a.obiettivi ?? []).map(valutaObiettivo);
  const { figli, esito } = pondera(obiettivi, 'obiettivi', 'piano');
  return {
    alla,
    punteggio: esito.punteggio,
    regola: 'media-ponderata',
    spiegazione: esito.spiegazione,
    obiettivi: figli,
  };
}
