import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { Candidato } from './ispezioni.types';
import { confrontaId } from './sorteggio';

/**
 * Impartiality monitoring (docs/assignment.md, "Impartiality statistic"): for the draws of one inspectorate and
 * period, how many cases each inspector got against how many the draws' own weights made them expect, and Pearson's
 * chi-square goodness-of-fit on those counts. Pure.
 *
 * Each draw d gives inspector i the probability p_di = peso_i / totale_d (0 when not a candidate), so the expected
 * count is E_i = Σ_d p_di and Σ_i E_i = number of draws = Σ_i O_i. The candidate sets and weights change from draw to
 * draw, so the counts are a sum of independent, differently distributed single draws rather than one multinomial:
 * the chi-square distribution with k − 1 degrees of freedom is then an approximation. It errs on the side of fewer
 * alarms: each count varies at most as much as under a multinomial with the same expectations
 * (Var O_i = Σ_d p_di(1 − p_di) ≤ E_i(1 − E_i/N)), so the statistic tends to be smaller.
 */

/** Default alarm threshold on the p-value. */
export const SOGLIA_IMPARZIALITA = 0.01;
/** Cochran's rule: cells with fewer expected assignments than this are pooled before the test. */
export const ATTESI_MINIMI = 5;

export interface EstrazioneOsservata {
  candidati: readonly Candidato[];
  scelto: string;
}

export interface ConteggioIspettore {
  ispettoreId: string;
  osservati: number;
  /** Rounded to 2 decimals (the test uses the exact values). */
  attesi: number;
}

export interface StatisticheImparzialita {
  /** Draws counted (the coherent ones). */
  estrazioni: number;
  /** Every inspector that was a candidate at least once, by ispettoreId. */
  perIspettore: ConteggioIspettore[];
  /** Cells of the test after pooling, and the inspectors pooled (expected < ATTESI_MINIMI each). */
  celle: number;
  accorpati: string[];
  chiQuadro: number;
  gradiLiberta: number;
  pValue: number;
  soglia: number;
  /**
   * Draws whose chosen inspector had no positive weight in that draw (not a candidate, weight 0): impossible under
   * the algorithm, left out of the test and an alarm on their own.
   */
  incoerenti: number;
  /** pValue < soglia, or any incoherent draw. */
  allarme: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function statisticheImparzialita(draws: readonly EstrazioneOsservata[], soglia = SOGLIA_IMPARZIALITA): StatisticheImparzialita {
  const osservati = new Map<string, number>();
  const attesi = new Map<string, number>();
  let estrazioni = 0;
  let incoerenti = 0;
  for (const d of draws) {
    const totale = d.candidati.reduce((s, c) => s + c.peso, 0);
    const scelto = d.candidati.find((c) => c.ispettoreId === d.scelto);
    for (const c of d.candidati) if (!attesi.has(c.ispettoreId)) attesi.set(c.ispettoreId, 0);
    if (!scelto || scelto.peso <= 0 || totale <= 0) {
      incoerenti++;
      continue;
    }
    estrazioni++;
    for (const c of d.candidati) attesi.set(c.ispettoreId, attesi.get(c.ispettoreId)! + c.peso / totale);
    osservati.set(d.scelto, (osservati.get(d.scelto) ?? 0) + 1);
  }

  const ids = [...attesi.keys()].sort(confrontaId);
  const perIspettore = ids.map((id) => ({ ispettoreId: id, osservati: osservati.get(id) ?? 0, attesi: round2(attesi.get(id)!) }));

  // Cells: one per inspector expected ≥ ATTESI_MINIMI; those expected in (0, ATTESI_MINIMI) pooled into one cell, and
  // that cell, if still below ATTESI_MINIMI, merged into the smallest regular cell. Expected 0 ⇒ observed 0: no cell.
  const celle: Array<{ o: number; e: number }> = [];
  const accorpati: string[] = [];
  const pool = { o: 0, e: 0 };
  for (const id of ids) {
    const e = attesi.get(id)!;
    const o = osservati.get(id) ?? 0;
    if (e <= 0) continue;
    if (e >= ATTESI_MINIMI) {
      celle.push({ o, e });
    } else {
      accorpati.push(id);
      pool.o += o;
      pool.e += e;
    }
  }
  if (accorpati.length) {
    if (pool.e >= ATTESI_MINIMI || celle.length === 0) {
      celle.push(pool);
    } else {
      let smallest = celle[0];
      for (const c of celle) if (c.e < smallest.e) smallest = c;
      smallest.o += pool.o;
      smallest.e += pool.e;
    }
  }

  let chiQuadro = 0;
  let gradiLiberta = 0;
  let pValue = 1;
  if (celle.length >= 2) {
    chiQuadro = celle.reduce((s, c) => s + ((c.o - c.e) * (c.o - c.e)) / c.e, 0);
    gradiLiberta = celle.length - 1;
    pValue = Math.min(1, Math.max(0, 1 - chisquareCdf(chiQuadro, gradiLiberta)));
  }
  return {
    estrazioni,
    perIspettore,
    celle: celle.length,
    accorpati,
    chiQuadro,
    gradiLiberta,
    pValue,
    soglia,
    incoerenti,
    allarme: pValue < soglia || incoerenti > 0,
  };
}
