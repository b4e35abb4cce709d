/**
 * Working days: Monday to Friday, minus public holidays. The holiday test is passed in, so the arithmetic stays
 * pure and testable; `italianHolidays` gives the national calendar (and a patron saint's day where configured).
 */
export type IsoDate = string;
export type IsHoliday = (date: IsoDate) => boolean;

const DAY = 86_400_000;

export function parseIsoDate(d: IsoDate): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) throw new Error(`non è una data: ${d}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== d) throw new Error(`non è una data di calendario: ${d}`);
  return t;
}

export const toIsoDate = (t: number): IsoDate => new Date(t).toISOString().slice(0, 10);
export const addDays = (d: IsoDate, n: number): IsoDate => toIsoDate(parseIsoDate(d) + n * DAY);
export const daysBetween = (from: IsoDate, to: IsoDate): number => Math.round((parseIsoDate(to) - parseIsoDate(from)) / DAY);

export function isWorkingDay(d: IsoDate, isHoliday: IsHoliday): boolean {
  const dow = new Date(parseIsoDate(d)).getUTCDay();
  return dow !== 0 && dow !== 6 && !isHoliday(d);
}

/** The date `n` working days after `d` (n > 0) or before it (n < 0); `d` itself is not counted. */
export function addWorkingDays(d: IsoDate, n: number, isHoliday: IsHoliday): IsoDate {
  const step = n >= 0 ? 1 : -1;
  let left = Math.abs(n);
  let cur = d;
  while (left > 0) {
    cur = addDays(cur, step);
    if (isWorkingDay(cur, isHoliday)) left--;
  }
  return cur;
}

/** Monday of the ISO week containing `d`. */
export function mondayOf(d: IsoDate): IsoDate {
  const dow = new Date(parseIsoDate(d)).getUTCDay();
  return addDays(d, dow === 0 ? -6 : 1 - dow);
}

/** 'YYYY-MM-DD' as Italian offices write it: 'gg/mm/aaaa'. */
export const dataItalianaBreve = (d: IsoDate): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
