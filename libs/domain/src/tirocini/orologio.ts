import { addDays, daysBetween, parseIsoDate } from '../calendar/calendario';

export const GIORNO_MS = 86_400_000;

/**
 * The procedure's clock. A tirocinio's rules speak in dates (start, end, deadlines), so the workflow needs to know
 * which date it is and when a date begins. With real days (`unitaMs` = 86 400 000) a date D begins at 00:00 UTC of
 * D and today is the calendar date. Tests and demos shrink the day: from the clock's origin (the submission
 * instant), each `unitaMs` of real time is one day, so "today" advances a day every `unitaMs` and a two-month
 * traineeship runs in seconds. Working days are still counted on the Italian calendar: they are dates.
 */
export interface Orologio {
  unitaMs: number;
  /** The submission instant (ISO): the origin of a shrunk clock. Unused with real days. */
  origine: string;
}

const reale = (o: Orologio) => o.unitaMs === GIORNO_MS;
const base = (o: Orologio) => (reale(o) ? parseIsoDate(o.origine.slice(0, 10)) : Date.parse(o.origine));

/** The date it is on the procedure's clock at the real instant `now`. */
export function oggi(o: Orologio, now: Date): string {
  if (reale(o)) return now.toISOString().slice(0, 10);
  return addDays(o.origine.slice(0, 10), Math.floor((now.getTime() - base(o)) / o.unitaMs));
}

/** The real instant (ms) at which date `d` begins on the procedure's clock. */
export function inizioGiorno(o: Orologio, d: string): number {
  if (reale(o)) return parseIsoDate(d);
  return base(o) + daysBetween(o.origine.slice(0, 10), d) * o.unitaMs;
}

/** The procedure's "now" as an instant whose date is `oggi` (for rules that compare dates with the present). */
export function adessoLogico(o: Orologio, now: Date): Date {
  if (reale(o)) return now;
  const d = oggi(o, now);
  const frazione = (now.getTime() - inizioGiorno(o, d)) / o.unitaMs;
  return new Date(parseIsoDate(d) + Math.floor(frazione * GIORNO_MS));
}
