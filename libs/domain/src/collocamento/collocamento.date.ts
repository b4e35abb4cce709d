import type { IsoDate } from '../calendar/calendario';

/**
 * Allocation-free calendar arithmetic for the ranking's hot loop (20,000 applicants): dates as the integer
 * yyyymmdd, whole months and years counted as civil-law terms are (art. 2963 c.c.: a term in months or years ends on
 * the same day of the month; when that day does not exist, on the last day of the month).
 */

export function giorniDelMese(anno: number, mese: number): number {
  if (mese === 2) return (anno % 4 === 0 && anno % 100 !== 0) || anno % 400 === 0 ? 29 : 28;
  return mese === 4 || mese === 6 || mese === 9 || mese === 11 ? 30 : 31;
}

/** 'YYYY-MM-DD' → yyyymmdd (e.g. 20260315), or NaN when not a calendar date. Ordering is the dates' order. */
export function giornoNumero(d: IsoDate): number {
  if (typeof d !== 'string' || d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) return NaN;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = d.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  const a = Math.floor(n / 10000);
  const me = Math.floor(n / 100) % 100;
  const g = n % 100;
  if (me < 1 || me > 12 || g < 1 || g > giorniDelMese(a, me)) return NaN;
  return n;
}

export function isIsoDate(d: unknown): d is IsoDate {
  return typeof d === 'string' && !Number.isNaN(giornoNumero(d));
}

/**
 * Whole months from `da` to `a` (yyyymmdd numbers, `da` ≤ `a`), and whether `a` is later than `da` + that many
 * months (`oltre`: "more than N months" holds when mesi > N, or mesi = N and oltre). 31 Jan → 28 Feb is one month.
 * When `a` < `da`: { mesi: 0, oltre: false }.
 */
export function mesiInteri(da: number, a: number): { mesi: number; oltre: boolean } {
  if (a <= da) return { mesi: 0, oltre: false };
  const ya = Math.floor(da / 10000);
  const ma = Math.floor(da / 100) % 100;
  const ga = da % 100;
  const yb = Math.floor(a / 10000);
  const mb = Math.floor(a / 100) % 100;
  const gb = a % 100;
  let mesi = (yb - ya) * 12 + (mb - ma);
  // The day `da` + mesi months falls on, clamped to the end of a's month.
  const giornoTermine = Math.min(ga, giorniDelMese(yb, mb));
  if (gb < giornoTermine) {
    mesi -= 1;
    return { mesi, oltre: true }; // a is past da + mesi months (it is before da + mesi + 1)
  }
  return { mesi, oltre: gb > giornoTermine };
}

/** Age in whole years on date `a` for someone born on `nascita` (yyyymmdd). Born 29 Feb: a year older on 28 Feb. */
export function etaAnni(nascita: number, a: number): number {
  return Math.floor(mesiInteri(nascita, a).mesi / 12);
}
