import type { RuleViolation } from '../common/violation';
import { dataItaliana, inizioMeseItaliano } from '../calendar/ora-italiana';
import { durataMs } from '../cronoprogramma/scadenze';
import type { PoliticaPeriodi } from './politica';

/**
 * The commit-reveal periods of an inspectorate (docs/assignment.md §3): contiguous, never overlapping, each with its
 * own secret whose commitment is published before the period begins. A draw uses the period in force when it is
 * made, and only while that period's secret is unrevealed. These are the pure rules; the service stores the periods
 * and a Temporal Schedule applies `periodiDaCreare` and reveals each period once it has ended.
 */

export interface LimitiPeriodo {
  /** Its label, unique within the inspectorate: "2026-12" for a calendar month in Italy, else the start instant. */
  periodo: string;
  inizio: number;
  fine: number;
}

/** A stored period, as far as the rules need it (instants in ms). */
export interface PeriodoNoto {
  periodo: string;
  inizio: number;
  fine: number;
  pubblicatoIl: number;
  rivelatoIl: number | null;
}

const SECONDO = 1000;

/** The label of a period from `inizio` to `fine`: "YYYY-MM" when it is exactly a calendar month in Italy. */
export function etichettaPeriodo(inizio: number, fine: number): string {
  const [a, m] = dataItaliana(new Date(inizio)).slice(0, 7).split('-').map(Number);
  if (inizio === inizioMeseItaliano(a, m) && fine === inizioMeseItaliano(a, m + 1)) return `${a}-${String(m).padStart(2, '0')}`;
  return new Date(inizio)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The calendar month in Italy a "YYYY-MM" label names, or null for any other label. */
export function limitiMese(etichetta: string): { inizio: number; fine: number } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(etichetta);
  if (!m) return null;
  const a = Number(m[1]);
  const mese = Number(m[2]);
  return { inizio: inizioMeseItaliano(a, mese), fine: inizioMeseItaliano(a, mese + 1) };
}

/** Where the period beginning at `inizio` ends: the next month's start in Italy, or inizio + the fixed length. */
export function finePeriodo(inizio: number, politica: Pick<PoliticaPeriodi, 'durata'>): number {
  if (politica.durata === 'P1M') {
    const [a, m] = dataItaliana(new Date(inizio)).slice(0, 7).split('-').map(Number);
    return inizioMeseItaliano(a, m + 1);
  }
  const ms = durataMs(politica.durata);
  if (ms < SECONDO || ms % SECONDO !== 0) throw new RangeError(`periodi: la durata deve essere in secondi interi, trovato ${politica.durata}`);
  return inizio + ms;
}

/** At most this many periods are created in one go (a policy allows far fewer: see politicaIspettorato). */
export const PERIODI_MASSIMI_PER_VOLTA = 100;

/**
 * The period that comes next: after the last period that has not ended yet, without a gap; when none is still to
 * come (a new inspectorate, or after an outage) from the next whole second after `now`, so its commitment is
 * published before it begins. It ends where the calendar month (or the fixed length) ends.
 */
export function prossimoPeriodo(
  esistenti: ReadonlyArray<Pick<PeriodoNoto, 'inizio' | 'fine'>>,
  now: number,
  politica: Pick<PoliticaPeriodi, 'durata'>,
): LimitiPeriodo {
  const ultimo = esistenti.reduce<number | null>((max, p) => (max === null || p.fine > max ? p.fine : max), null);
  const inizio = ultimo !== null && ultimo > now ? ultimo : Math.floor(now / SECONDO) * SECONDO + SECONDO;
  const fine = finePeriodo(inizio, politica);
  return { periodo: etichettaPeriodo(inizio, fine), inizio, fine };
}

/**
 * The periods to create now so that published commitments cover every instant up to `now + anticipo`, one after the
 * other from `prossimoPeriodo` (at most PERIODI_MASSIMI_PER_VOLTA).
 */
export function periodiDaCreare(esistenti: ReadonlyArray<Pick<PeriodoNoto, 'inizio' | 'fine'>>, now: number, politica: PoliticaPeriodi): LimitiPeriodo[] {
  const orizzonte = now + politica.anticipoMs;
  const out: LimitiPeriodo[] = [];
  let tutti = [...esistenti];
  while (out.length < PERIODI_MASSIMI_PER_VOLTA) {
    const p = prossimoPeriodo(tutti, now, politica);
    if (p.inizio > orizzonte) break;
    out.push(p);
    tutti = [...tutti, p];
  }
  return out;
}

/**
 * Checks a period about to be created: it must not have begun (its commitment must come first), must end after it
 * begins, must not overlap another, must follow the last period without a gap when that one has not ended yet, and
 * its label must be new. Every problem is listed. (The periods themselves come from `prossimoPeriodo`: nobody chooses
 * their bounds; this is the last guard before they are stored.)
 */
export function verificaNuovoPeriodo(esistenti: ReadonlyArray<PeriodoNoto>, nuovo: LimitiPeriodo, now: number): RuleViolation[] {
  const v: RuleViolation[] = [];
  const iso = (t: number) => new Date(t).toISOString();
  if (esistenti.some((p) => p.periodo === nuovo.periodo)) {
    v.push({
      rule: 'periodo-esistente',
      field: 'periodo',
      message: 'il periodo ha già un impegno pubblicato: il suo segreto non può essere sostituito',
      found: nuovo.periodo,
    });
  }
  if (!(nuovo.fine > nuovo.inizio)) {
    v.push({ rule: 'limiti-periodo', field: 'fine', message: "la fine del periodo deve seguire l'inizio", found: iso(nuovo.fine), limit: iso(nuovo.inizio) });
  }
  if (nuovo.inizio <= now) {
    v.push({
      rule: 'periodo-iniziato',
      field: 'inizio',
      message: "un periodo si crea solo prima che inizi: l'impegno va pubblicato prima di ogni sorteggio",
      found: iso(nuovo.inizio),
      limit: iso(now),
    });
  }
  const sovrapposti = esistenti.filter((p) => p.inizio < nuovo.fine && nuovo.inizio < p.fine);
  for (const p of sovrapposti) {
    v.push({
      rule: 'periodi-sovrapposti',
      field: 'inizio',
      message: `si sovrappone al periodo ${p.periodo} (${iso(p.inizio)} – ${iso(p.fine)})`,
      found: { inizio: iso(nuovo.inizio), fine: iso(nuovo.fine) },
      limit: p.periodo,
    });
  }
  const ultimo = esistenti.reduce<number | null>((max, p) => (max === null || p.fine > max ? p.fine : max), null);
  if (!sovrapposti.length && ultimo !== null && ultimo > now && nuovo.inizio !== ultimo) {
    v.push({
      rule: 'periodi-non-contigui',
      field: 'inizio',
      message: "il periodo deve iniziare dove finisce l'ultimo",
      found: iso(nuovo.inizio),
      limit: iso(ultimo),
    });
  }
  return v;
}

/**
 * Whether a draw made at instant `t` may use the period: `t` falls in it, its commitment was published before it
 * began, and its secret has not been revealed. The reasons it may not, in words, when it may not.
 */
export function motiviPeriodoNonUsabile(p: PeriodoNoto, t: number): string[] {
  const iso = (x: number) => new Date(x).toISOString();
  const out: string[] = [];
  if (!(p.pubblicatoIl < p.inizio))
    out.push(`l'impegno del periodo ${p.periodo} è stato pubblicato il ${iso(p.pubblicatoIl)}, non prima del suo inizio (${iso(p.inizio)})`);
  if (t < p.inizio || t >= p.fine) out.push(`il sorteggio registrato il ${iso(t)} è fuori dal periodo ${p.periodo} (${iso(p.inizio)} – ${iso(p.fine)})`);
  if (p.rivelatoIl !== null && t >= p.rivelatoIl)
    out.push(`il sorteggio è registrato il ${iso(t)}, dopo la rivelazione del segreto del periodo ${p.periodo} (${iso(p.rivelatoIl)})`);
  return out;
}
