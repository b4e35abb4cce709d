import { IsoDate, addDays, parseIsoDate } from './calendario';

/**
 * Italian civil time (Europe/Rome: UTC+1, UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October). Computed, not looked up, so it is the same in a workflow sandbox and in any runtime.
 */

const ORA = 3_600_000;

/** The instant (ms) at which summer time starts (mese 2 = March) or ends (mese 9 = October) in year `anno`. */
function cambioOra(anno: number, mese: 2 | 9): number {
  const ultimo = new Date(Date.UTC(anno, mese + 1, 0));
  return Date.UTC(anno, mese, ultimo.getUTCDate() - ultimo.getUTCDay(), 1);
}

/** Today's date in Italy at instant `now`. */
export function dataItaliana(now: Date): IsoDate {
  const t = now.getTime();
  const anno = now.getUTCFullYear();
  const offsetOre = t >= cambioOra(anno, 2) && t < cambioOra(anno, 9) ? 2 : 1;
  return new Date(t + offsetOre * ORA).toISOString().slice(0, 10);
}

/** The instant (ms) a calendar day begins in Italy: midnight Europe/Rome. DST never changes at midnight. */
export function inizioGiornoItaliano(d: IsoDate): number {
  const t = parseIsoDate(d);
  return dataItaliana(new Date(t - 2 * ORA)) === d ? t - 2 * ORA : t - ORA;
}

/** The instant (ms) a calendar day ends in Italy: the next day's Italian midnight. */
export function fineGiornoItaliano(d: IsoDate): number {
  return inizioGiornoItaliano(addDays(d, 1));
}

/** The instant (ms) a calendar month begins in Italy; `mese` is 1..12 (13 is January of the next year). */
export function inizioMeseItaliano(anno: number, mese: number): number {
  const d = new Date(Date.UTC(anno, mese - 1, 1)).toISOString().slice(0, 10);
  return inizioGiornoItaliano(d);
}
