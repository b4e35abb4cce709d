import { addDays, daysBetween, parseIsoDate, toIsoDate } from '../calendar/calendario';
import type { IsoDate } from './tirocini.types';

/**
 * Period arithmetic of a tirocinio. Every date is an ISO date ('YYYY-MM-DD'); periods include both ends.
 *
 * MONTHS. A period of N months starting on D covers D .. durataMassimaFine(D, N): up to the day BEFORE the same
 * day-of-month N months later; when that month has no such day (31 → February, April…), up to that month's last day
 * (the civil-code reading of terms in months, art. 2963 c.c.):
 *   durataMassimaFine('2027-01-10', 6)  = '2027-07-09'
 *   durataMassimaFine('2027-01-01', 12) = '2027-12-31'
 *   durataMassimaFine('2027-01-28', 1)  = '2027-02-27'
 *   durataMassimaFine('2027-01-29', 1)  = '2027-02-28'   (no 29 February in 2027: its last day)
 *   durataMassimaFine('2027-03-31', 1)  = '2027-04-30'
 * So a traineeship from D to F lasts
 *   - at most N months  ⇔ F ≤ durataMassimaFine(D, N);
 *   - at least N months ⇔ F ≥ durataMassimaFine(D, N).
 * The first-level checks (controlli.ts, `fineDopoMesi`) and the proroga rule of the state machine both use it.
 *
 * SUSPENSIONS. A closed suspension from D1 to D2 (both included) lasts D2 − D1 + 1 days and moves the end date by as
 * many days; an open one (no `al`) moves nothing until it is closed. A suspension flagged `conteggiata: false`
 * (shorter than its cause's minimum) is an absence, not a suspension: it moves nothing and is not taken out of the
 * planned hours. Overlapping suspensions are counted once per day.
 *
 * HOURS. Planned hours = weekly hours × (days of the period not suspended) / 7, rounded to the nearest hour (half
 * up). Comparisons with the attendance threshold are done on integers (hundredths of an hour × the threshold's
 * exact fraction), never on floating-point products.
 *
 * MONTHLY CAP. The hours a month's register may hold are those of the whole weeks its days of work can span, not
 * weekly hours × days / 7: see tettoPresenzeMese.
 */

/** A suspension as the period arithmetic sees it. */
export interface PeriodoSospensione {
  dal: IsoDate;
  /** Last suspended day; undefined while the suspension is open. */
  al?: IsoDate;
  /** false: shorter than its cause's minimum, so not a suspension (see above). Undefined counts as true. */
  conteggiata?: boolean;
}

const DAY = 86_400_000;
const giorno = (d: IsoDate) => parseIsoDate(d) / DAY;

/** The date `n` months after (n < 0: before) `d`, on the same day of the month, clamped to the month's last day. */
export function aggiungiMesi(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`aggiungiMesi: i mesi devono essere un intero, trovato ${n}`);
  parseIsoDate(d);
  const [anno, mese, g] = d.split('-').map(Number);
  const totale = anno * 12 + (mese - 1) + n;
  const a = Math.floor(totale / 12);
  const m = totale - a * 12;
  const ultimo = new Date(Date.UTC(a, m + 1, 0)).getUTCDate();
  return toIsoDate(Date.UTC(a, m, Math.min(g, ultimo)));
}

/** The last day of a period of `mesi` months starting on `dataInizio` (see the file's comment); 0 months: the day before. */
export function durataMassimaFine(dataInizio: IsoDate, mesi: number): IsoDate {
  if (!Number.isInteger(mesi) || mesi < 0) throw new RangeError(`durataMassimaFine: mesi deve essere un intero ≥ 0, trovato ${mesi}`);
  const stessoGiorno = aggiungiMesi(dataInizio, mesi);
  // Clamped by aggiungiMesi: the month has no such day, so the period ends on its last day.
  if (stessoGiorno.slice(8) !== dataInizio.slice(8)) return stessoGiorno;
  return addDays(stessoGiorno, -1);
}

/** Days from `dal` to `al`, both included (0 when `al` is before `dal`). */
export function giorniInclusi(dal: IsoDate, al: IsoDate): number {
  return Math.max(0, daysBetween(dal, al) + 1);
}

/** The months 'YYYY-MM' touched by the period `dal` .. `al`, in order (empty when `al` < `dal`). */
export function mesiDelPeriodo(dal: IsoDate, al: IsoDate): string[] {
  parseIsoDate(dal);
  parseIsoDate(al);
  const out: string[] = [];
  let m = dal.slice(0, 7);
  const fine = al.slice(0, 7);
  while (m <= fine && dal <= al) {
    out.push(m);
    m = aggiungiMesi(`${m}-01`, 1).slice(0, 7);
  }
  return out;
}

/**
 * The suspended days as disjoint, ordered intervals of day numbers [first, last] (union of the counted suspensions),
 * optionally clipped to `entro` (see giorniSospesi for open suspensions).
 */
function intervalliSospesi(sospensioni: readonly PeriodoSospensione[], entro?: { dal: IsoDate; al: IsoDate }): Array<[number, number]> {
  const intervalli: Array<[number, number]> = [];
  for (const s of sospensioni) {
    if (s.conteggiata === false) continue;
    const dal = giorno(s.dal);
    let al: number;
    if (s.al !== undefined) {
      al = giorno(s.al);
      if (al < dal) throw new RangeError(`sospensione dal ${s.dal} al ${s.al}: la fine precede l'inizio`);
    } else if (entro) {
      al = giorno(entro.al);
    } else {
      continue;
    }
    const da = entro ? Math.max(dal, giorno(entro.dal)) : dal;
    const a = entro ? Math.min(al, giorno(entro.al)) : al;
    if (a >= da) intervalli.push([da, a]);
  }
  intervalli.sort((x, y) => x[0] - y[0]);
  const uniti: Array<[number, number]> = [];
  for (const [da, a] of intervalli) {
    const corrente = uniti[uniti.length - 1];
    if (corrente && da <= corrente[1] + 1) corrente[1] = Math.max(corrente[1], a);
    else uniti.push([da, a]);
  }
  return uniti;
}

/**
 * Days suspended (union of the counted suspensions), optionally only within `entro` (both ends included). Open
 * suspensions count only with `entro`, up to `entro.al`; without it they count nothing.
 */
export function giorniSospesi(sospensioni: readonly PeriodoSospensione[], entro?: { dal: IsoDate; al: IsoDate }): number {
  return intervalliSospesi(sospensioni, entro).reduce((n, [da, a]) => n + a - da + 1, 0);
}

/** The planned end moved by the days of the closed, counted suspensions. */
export function dataFineEffettiva(dataFinePrevista: IsoDate, sospensioni: readonly PeriodoSospensione[]): IsoDate {
  return addDays(dataFinePrevista, giorniSospesi(sospensioni));
}

/**
 * Planned hours of the period `dataInizio` .. `dataFine`: weekly hours × days not suspended / 7, rounded half up to
 * the hour. An open suspension counts up to `dataFine`. `oreSettimanali` may have up to two decimals.
 */
export function oreProgrammate(dataInizio: IsoDate, dataFine: IsoDate, oreSettimanali: number, sospensioni: readonly PeriodoSospensione[]): number {
  if (!Number.isFinite(oreSettimanali) || oreSettimanali < 0) throw new RangeError(`oreProgrammate: ore settimanali non valide ${oreSettimanali}`);
  const giorni = giorniInclusi(dataInizio, dataFine) - (dataFine < dataInizio ? 0 : giorniSospesi(sospensioni, { dal: dataInizio, al: dataFine }));
  const centesimi = Math.round(oreSettimanali * 100);
  // round(centesimi × giorni / 700), half up, in integers.
  return Math.floor((centesimi * giorni + 350) / 700);
}

/** A month's register never holds more than this many weeks of the weekly hours (a month spans at most 4.43 weeks). */
export const SETTIMANE_MAX_PRESENZE_MESE = 5;

/** The most hours the register of one month may hold, and what it was counted from. */
export interface TettoPresenzeMese {
  /** Days of the month inside the period. */
  giorniNelPeriodo: number;
  /** Of those, the days suspended. */
  giorniSospesi: number;
  /** Whole weeks of work those days allow (see tettoPresenzeMese). */
  settimane: number;
  /** The cap: settimane × weekly hours, in hundredths of an hour. */
  centesimi: number;
}

const MESE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The cap of the attendance of month `mese` ('YYYY-MM') of the period `dataInizio` .. `dataFine` (the effective end,
 * or the interruption's day): the days of the month inside the period and not suspended, turned into whole weeks of
 * the weekly hours, at most SETTIMANE_MAX_PRESENZE_MESE weeks.
 *
 * Why whole weeks and not weekly hours × days / 7. A week's hours are not spread over its 7 days: 30 hours a week may
 * be Monday to Friday, or three 10-hour days. So D consecutive days of work can hold a full week's hours for each
 * week they touch: 10 days can hold two full working weeks (60 h at 30 h/week, where 10 × 30 / 7 is 42.9), and 2 days
 * (a Monday-Tuesday of a 10-hours-a-day timetable) can hold 20 h of a 30 h week, more than 2 × 30 / 7 = 8.6. The
 * bound that no regular timetable of the PFI's weekly hours can exceed is ⌈D / 7⌉ weeks: any D consecutive days lie
 * inside ⌈D / 7⌉ × 7 consecutive days, which hold exactly ⌈D / 7⌉ weeks of that timetable. The days of work are
 * counted per stretch of consecutive days (a suspension splits the month): three days before a suspension and three
 * after it can be two Monday-to-Wednesdays, two weeks' worth. What lies above it is implausible for the register of a
 * traineeship (hours beyond the PFI's weekly timetable), what lies below is left to the host: the cap is a plausibility
 * bound, not a timetable check. Make-up hours fit where rounding up leaves room (a 31-day month: 5 weeks for 4.43),
 * not in a whole non-leap February, whose 28 days are exactly 4 weeks.
 *   - 25..31 January, 30 h/week: 7 days, 1 week, 30 h (today's fixed cap: 150 h).
 *   - 1..10 of a month: 2 weeks, 60 h. A whole 31-day month: ⌈31/7⌉ = 5 weeks, the cap of every long month.
 *   - A non-leap February whole: exactly 4 weeks, 120 h at 30 h/week; a leap one (29 days) can hold 5 Mondays: 5.
 *   - 1..3 worked, 4..28 suspended, 29..31 worked: 1 + 1 weeks. A month suspended throughout: 0.
 * Suspensions count as giorniSospesi counts them: not those `conteggiata: false` (absences: the days stay days of the
 * traineeship and the host records fewer hours), an open one up to the month's last day in the period (the register
 * of days recorded as suspended holds no hours; a ripresa recorded later with an earlier `al` gives the days back).
 * Throws for a malformed month or negative weekly hours; a month outside the period has a cap of 0.
 */
export function tettoPresenzeMese(
  mese: string,
  dataInizio: IsoDate,
  dataFine: IsoDate,
  oreSettimanali: number,
  sospensioni: readonly PeriodoSospensione[],
): TettoPresenzeMese {
  if (typeof mese !== 'string' || !MESE.test(mese)) throw new RangeError(`tettoPresenzeMese: mese non valido ${mese}`);
  if (!Number.isFinite(oreSettimanali) || oreSettimanali < 0) throw new RangeError(`tettoPresenzeMese: ore settimanali non valide ${oreSettimanali}`);
  const primo = `${mese}-01`;
  const ultimo = addDays(aggiungiMesi(primo, 1), -1);
  const dal = dataInizio > primo ? dataInizio : primo;
  const al = dataFine < ultimo ? dataFine : ultimo;
  if (al < dal) return { giorniNelPeriodo: 0, giorniSospesi: 0, settimane: 0, centesimi: 0 };
  // ⌈giorni / 7⌉ for each stretch of days of work between the suspensions, in integers.
  const settimaneDi = (giorni: number) => Math.floor((giorni + 6) / 7);
  let settimane = 0;
  let sospesi = 0;
  let cursore = giorno(dal);
  for (const [da, a] of intervalliSospesi(sospensioni, { dal, al })) {
    settimane += settimaneDi(da - cursore);
    sospesi += a - da + 1;
    cursore = a + 1;
  }
  settimane += settimaneDi(giorno(al) - cursore + 1);
  settimane = Math.min(settimane, SETTIMANE_MAX_PRESENZE_MESE);
  return { giorniNelPeriodo: giorniInclusi(dal, al), giorniSospesi: sospesi, settimane, centesimi: Math.round(oreSettimanali * 100) * settimane };
}

/**
 * `x` as an exact fraction num/den with the smallest denominator up to 10 000 (0.7 → 7/10, 1/3 → 1/3), so that
 * thresholds given as decimals compare exactly by cross-multiplication. Throws for negative or non-finite values
 * or ones with no such fraction.
 */
export function comeFrazione(x: number): { num: number; den: number } {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`frazione non valida: ${x}`);
  for (let den = 1; den <= 10_000; den++) {
    const num = Math.round(x * den);
    if (Math.abs(x - num / den) < 1e-12) return { num, den };
  }
  throw new RangeError(`frazione non rappresentabile: ${x}`);
}

/** Hours (up to two decimals) as integer hundredths. */
const centesimiDiOra = (ore: number) => Math.round(ore * 100);

/**
 * Whether the attendance reaches `soglia` (a fraction, 0.7 = 70%) of the planned hours, compared on integers:
 * ore × den ≥ num × programmate (in hundredths of an hour). Zero planned hours: always sufficient.
 */
export function presenzaSufficiente(orePresenza: number, oreProgrammateTotali: number, soglia: number): boolean {
  if (!Number.isFinite(orePresenza) || orePresenza < 0) throw new RangeError(`ore di presenza non valide: ${orePresenza}`);
  if (!Number.isFinite(oreProgrammateTotali) || oreProgrammateTotali < 0) throw new RangeError(`ore programmate non valide: ${oreProgrammateTotali}`);
  if (!(soglia >= 0 && soglia <= 1)) throw new RangeError(`soglia presenze non valida: ${soglia}`);
  const { num, den } = comeFrazione(soglia);
  return centesimiDiOra(orePresenza) * den >= num * centesimiDiOra(oreProgrammateTotali);
}

/** Attendance as a percentage of the planned hours, truncated to one decimal (never rounded up across a threshold). */
export function percentualePresenze(orePresenza: number, oreProgrammateTotali: number): number {
  const prog = centesimiDiOra(oreProgrammateTotali);
  if (prog === 0) return 100;
  return Math.floor((centesimiDiOra(orePresenza) * 1000) / prog) / 10;
}
