import type { Datore } from './collocamento.types';

/**
 * The hiring obligation of L. 68/99 (DOMAIN §2), from the employer's computable employees:
 * - art. 3 c. 1 (art. 1 list): under 15 → 0; 15–35 → 1; 36–50 → 2; over 50 → 7% of the computable employees;
 * - art. 18 c. 2 (art. 18 list): over 50 → 1% (the law fixes one unit for 51–150, which the rounding below gives).
 *
 * Rounding of the percentages: a fraction over 0.50 counts as one more unit; 0.50 or less is dropped
 * (e.g. 7% of 65 = 4.55 → 5; 7% of 100 = 7; 7% of 150 = 10.50 → 10; 1% of 150 = 1.50 → 1; 1% of 151 = 1.51 → 2).
 * This is the rule the brief attributes to DPR 333/2000 art. 3; a short search of the stored sources did not confirm
 * the article's text (the same rule is stated by other Italian acts on percentages). Integer arithmetic only.
 */

export interface Quota {
  art1: number;
  art18: number;
}

export const SOGLIE_QUOTA = {
  /** Fewest computable employees with an obligation. */
  minimo: 15,
  /** Up to this many: one art. 1 worker. */
  fasciaUno: 35,
  /** Up to this many: two art. 1 workers; above, the percentages. */
  fasciaDue: 50,
  /** Percentages above fasciaDue. */
  percentualeArt1: 7,
  percentualeArt18: 1,
} as const;

/** n × percent / 100, a fraction over one half rounded up, otherwise down. */
export function percentualeArrotondata(n: number, percentuale: number): number {
  const centesimi = n * percentuale; // exact: integers
  const unita = Math.floor(centesimi / 100);
  const resto = centesimi - unita * 100;
  return resto > 50 ? unita + 1 : unita;
}

function computabili(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`quota: dipendentiComputabili deve essere un intero ≥ 0, trovato ${String(n)}`);
  return n;
}

/** How many art. 1 and art. 18 workers an employer with `dipendentiComputabili` computable employees must employ. */
export function quotaObbligo(dipendentiComputabili: number): Quota {
  const n = computabili(dipendentiComputabili);
  const s = SOGLIE_QUOTA;
  if (n < s.minimo) return { art1: 0, art18: 0 };
  if (n <= s.fasciaUno) return { art1: 1, art18: 0 };
  if (n <= s.fasciaDue) return { art1: 2, art18: 0 };
  return { art1: percentualeArrotondata(n, s.percentualeArt1), art18: percentualeArrotondata(n, s.percentualeArt18) };
}

export interface Scopertura {
  quota: Quota;
  /** Posts still to fill per list (never negative: a surplus on one list does not cover the other). */
  art1: number;
  art18: number;
  totale: number;
}

/** The *scopertura*: the quota minus the workers already counted, per list. */
export function scopertura(datore: Pick<Datore, 'dipendentiComputabili' | 'coperturaArt1' | 'coperturaArt18'>): Scopertura {
  const quota = quotaObbligo(datore.dipendentiComputabili);
  for (const [nome, v] of [
    ['coperturaArt1', datore.coperturaArt1],
    ['coperturaArt18', datore.coperturaArt18],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`scopertura: ${nome} deve essere un intero ≥ 0, trovato ${String(v)}`);
  }
  const art1 = Math.max(0, quota.art1 - datore.coperturaArt1);
  const art18 = Math.max(0, quota.art18 - datore.coperturaArt18);
  return { quota, art1, art18, totale: art1 + art18 };
}
