import { bytesToHex } from '@noble/hashes/utils';
import { ALGORITMO_SORTEGGIO, Candidato, TrascrizioneSorteggio } from './ispezioni.types';
import { motiviPeriodoNonUsabile } from './periodi';
import { PESO_FORMULA, confrontaId, estrai, impegno, pesoDaCarico, seme, totalePesi } from './sorteggio.algoritmo';

/**
 * The verification of one draw (docs/assignment.md, "How to verify"): anyone holding its transcript and the period's
 * revealed secret recomputes it, and with the period as published also checks when it was made.
 */

// ---- Verification ----

export interface EsitoVerifica {
  valido: boolean;
  /** Every mismatch found, in words; empty when valid. */
  motivi: string[];
  /** What the draw recomputes to from the transcript's inputs and the revealed secret, when it could be recomputed. */
  ricalcolo?: TrascrizioneSorteggio['estrazione'];
}

/**
 * The period a transcript names, as published: its bounds, when its commitment was published and when its secret was
 * revealed (ISO instants), and the chain head published at the reveal.
 */
export interface PeriodoPubblicato {
  periodo: string;
  inizio: string;
  fine: string;
  pubblicatoIl: string;
  rivelatoIl: string | null;
  /** The inspectorate's chain head at the reveal: the number of transcripts then in the chain and the last one's hash. */
  testaCatena?: { n: number; hash: string } | null;
}

export interface OpzioniVerifica {
  /** The commitment published for the transcript's inspectorate and period, which the transcript's must equal. */
  impegnoPubblicato?: string;
  /** The period as published: the draw must fall in it, after its commitment and before its reveal. */
  periodo?: PeriodoPubblicato;
  /** The transcript's position in its inspectorate's chain (1-based): it must not come after the head published at its period's reveal. */
  posizione?: number;
}

/** Helpers of the checks, shared with the chain's (sorteggio.catena.ts); not part of the public API. */
export const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
export const show = (x: unknown) => (typeof x === 'string' ? `"${x}"` : (JSON.stringify(x) ?? String(x)));
const istante = (x: unknown): number => (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(x) ? Date.parse(x) : NaN);

/**
 * The period rules a draw must satisfy (docs/assignment.md §3 and §12): it names the period given, was recorded within
 * it, after the period's commitment had been published (before the period began) and before its secret was revealed,
 * and, when its chain position and the head published at the reveal are known, not after that head.
 */
export function motiviPeriodo(t: { periodo?: unknown; registratoIl?: unknown }, p: PeriodoPubblicato, posizione?: number): string[] {
  const motivi: string[] = [];
  if (t.periodo !== p.periodo) motivi.push(`la trascrizione indica il periodo ${show(t.periodo)}, non ${show(p.periodo)}`);
  const inizio = istante(p.inizio);
  const fine = istante(p.fine);
  const pubblicato = istante(p.pubblicatoIl);
  const rivelato = p.rivelatoIl === null || p.rivelatoIl === undefined ? null : istante(p.rivelatoIl);
  if ([inizio, fine, pubblicato].some(Number.isNaN) || (rivelato !== null && Number.isNaN(rivelato))) {
    motivi.push('i dati del periodo (inizio, fine, pubblicatoIl, rivelatoIl) non sono istanti ISO 8601');
    return motivi;
  }
  const registrato = istante(t.registratoIl);
  if (Number.isNaN(registrato)) {
    motivi.push(`registratoIl ${show(t.registratoIl)} non è un istante ISO 8601`);
    return motivi;
  }
  motivi.push(...motiviPeriodoNonUsabile({ periodo: p.periodo, inizio, fine, pubblicatoIl: pubblicato, rivelatoIl: rivelato }, registrato));
  if (posizione !== undefined && p.testaCatena && posizione > p.testaCatena.n) {
    motivi.push(
      `la trascrizione è alla posizione ${posizione} della catena, dopo la testa pubblicata alla rivelazione del periodo (${p.testaCatena.n}): è stata aggiunta dopo`,
    );
  }
  return motivi;
}

/**
 * Recomputes a draw from its transcript and the revealed period secret: the commitment, every weight from its load,
 * the candidates' order, the seed, the generator, the rejections, the value and the chosen inspector; with the
 * published period, also that the draw was made in it, after its commitment and before its reveal. Lists every
 * mismatch, in Italian. Never throws: a malformed transcript is reported in motivi.
 */
export function verificaSorteggio(t: TrascrizioneSorteggio, segretoRivelato: string, opzioni: OpzioniVerifica = {}): EsitoVerifica {
  const motivi: string[] = [];
  const fail = (): EsitoVerifica => ({ valido: false, motivi });
  if (!isObj(t)) return { valido: false, motivi: ['la trascrizione non è un oggetto JSON'] };
  if (t.algoritmo !== ALGORITMO_SORTEGGIO) {
    motivi.push(`l'algoritmo ${show(t.algoritmo)} non è ${ALGORITMO_SORTEGGIO}: questo verificatore non può ricalcolarlo`);
    return fail();
  }
  if (t.pesoFormula !== PESO_FORMULA) motivi.push(`pesoFormula è ${show(t.pesoFormula)}, quella dell'algoritmo è "${PESO_FORMULA}"`);

  // The secret and its commitment.
  let segretoOk = true;
  try {
    const h = impegno(segretoRivelato);
    if (h !== t.impegnoSegreto) motivi.push(`il segreto rivelato ha hash ${h}, non l'impegno impegnoSegreto ${show(t.impegnoSegreto)}`);
  } catch (e) {
    segretoOk = false;
    motivi.push(`segreto rivelato: ${(e as Error).message}`);
  }
  if (opzioni.impegnoPubblicato !== undefined && opzioni.impegnoPubblicato !== t.impegnoSegreto) {
    motivi.push(`impegnoSegreto ${show(t.impegnoSegreto)} non è l'impegno pubblicato per il periodo, ${opzioni.impegnoPubblicato}`);
  }
  if (opzioni.periodo) motivi.push(...motiviPeriodo(t, opzioni.periodo, opzioni.posizione));

  // Candidates: weights from loads, canonical order, no excluded one among them.
  let candidati: Candidato[] | null = null;
  if (!Array.isArray(t.candidati) || t.candidati.length === 0) {
    motivi.push('candidati deve essere un elenco non vuoto');
  } else {
    const corretti: Candidato[] = [];
    let formaOk = true;
    t.candidati.forEach((c: unknown, i) => {
      if (!isObj(c) || typeof c.ispettoreId !== 'string' || c.ispettoreId === '') {
        motivi.push(`candidati[${i}] non ha ispettoreId`);
        formaOk = false;
        return;
      }
      const carico = c.caricoAperto as number;
      if (!Number.isSafeInteger(carico) || carico < 0) {
        motivi.push(`candidato ${c.ispettoreId}: caricoAperto ${show(carico)} non è un intero >= 0`);
        formaOk = false;
        return;
      }
      const atteso = pesoDaCarico(carico);
      if (c.peso !== atteso) motivi.push(`candidato ${c.ispettoreId}: peso ${show(c.peso)} non discende da caricoAperto ${carico} (atteso ${atteso})`);
      corretti.push({ ispettoreId: c.ispettoreId, caricoAperto: carico, peso: atteso });
    });
    for (let i = 1; i < t.candidati.length; i++) {
      const a = t.candidati[i - 1]?.ispettoreId;
      const b = t.candidati[i]?.ispettoreId;
      if (typeof a === 'string' && typeof b === 'string' && confrontaId(a, b) >= 0) {
        motivi.push(a === b ? `il candidato ${b} compare due volte` : `i candidati non sono in ordine crescente di ispettoreId: ${a} prima di ${b}`);
      }
    }
    if (formaOk) candidati = corretti.sort((a, b) => confrontaId(a.ispettoreId, b.ispettoreId));
  }
  if (!Array.isArray(t.esclusi)) {
    motivi.push('esclusi deve essere un elenco');
  } else if (candidati) {
    const ids = new Set(candidati.map((c) => c.ispettoreId));
    for (const e of t.esclusi) if (isObj(e) && ids.has(e.ispettoreId as string)) motivi.push(`l'ispettore ${e.ispettoreId} è sia candidato sia escluso`);
  }

  // Seed, generator, choice.
  const stored: Partial<TrascrizioneSorteggio['estrazione']> = isObj(t.estrazione) ? t.estrazione : {};
  if (!isObj(t.estrazione)) motivi.push('manca estrazione');
  let semeBytes: Uint8Array | null = null;
  if (t.beacon === undefined) motivi.push('manca beacon: deve essere null o { fonte, round, valore }');
  else if (segretoOk) {
    try {
      semeBytes = seme({ segreto: segretoRivelato, richiestaId: t.richiestaId, tentativo: t.tentativo, beacon: t.beacon });
      const hex = bytesToHex(semeBytes);
      if (hex !== stored.seme) motivi.push(`estrazione.seme è ${show(stored.seme)}, ricalcolato ${hex}`);
    } catch (e) {
      motivi.push(`seme: ${(e as Error).message}`);
    }
  }
  let ricalcolo: EsitoVerifica['ricalcolo'];
  if (candidati) {
    try {
      const totale = totalePesi(candidati);
      if (totale !== stored.totale) motivi.push(`estrazione.totale è ${show(stored.totale)}, i pesi sommano a ${totale}`);
      if (semeBytes) {
        const r = estrai(semeBytes, candidati);
        ricalcolo = { seme: bytesToHex(semeBytes), ...r };
        if (r.rifiutati !== stored.rifiutati) motivi.push(`estrazione.rifiutati è ${show(stored.rifiutati)}, ricalcolato ${r.rifiutati}`);
        if (r.valore !== stored.valore) motivi.push(`estrazione.valore è ${show(stored.valore)}, ricalcolato ${r.valore}`);
        if (r.scelto !== stored.scelto) motivi.push(`estrazione.scelto è ${show(stored.scelto)}, ricalcolato ${r.scelto}`);
      }
    } catch (e) {
      motivi.push(`estrazione: ${(e as Error).message}`);
    }
  }
  return { valido: motivi.length === 0, motivi, ...(ricalcolo ? { ricalcolo } : {}) };
}
