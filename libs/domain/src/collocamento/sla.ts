import { IsHoliday, IsoDate, addDays, addWorkingDays, isWorkingDay, parseIsoDate } from '../calendar/calendario';
import { italianHolidays } from '../calendar/festivita';
import { dataItaliana, fineGiornoItaliano } from '../calendar/ora-italiana';

/**
 * The service level of the preselection (DOMAIN §2, step 4; Puglia): the rosa reaches the employer within
 * `giorniStandard` (5) working days of the request, a warning after `avvisoDopoGiorni` (3) working days, an
 * escalation when the term lapses without a rosa.
 *
 * With real days (`unitaMs` = 86 400 000, the default) terms are counted in Italian working days (weekends, national
 * holidays incl. Easter Monday and 4 October from 2026, the configured patron saint days): the start day is not
 * counted, a term of n working days lapses at the end of the n-th working day after it, i.e. at midnight in Italy
 * (Europe/Rome, 22:00 or 23:00 UTC). With any other `unitaMs` (tests, demos) every term is start + n × unitaMs.
 *
 * Note: counted from the request ('richiesta', the default), the standard is shorter than a typical candidature
 * window (e.g. 10 days); a region that counts from the close of applications sets `origine: 'chiusura-adesioni'`.
 */

const GIORNO_MS = 86_400_000;

export const ORIGINI_SLA = ['richiesta', 'chiusura-adesioni'] as const;
export type OrigineSla = (typeof ORIGINI_SLA)[number];

export interface PoliticaSlaOfferta {
  /** Working days from the start to the rosa sent. */
  giorniStandard: number;
  /** Working days after which the operators are warned (< giorniStandard). */
  avvisoDopoGiorni: number;
  /** Local patron-saint days ('MM-DD', e.g. Bari '12-06', Torino '06-24'), or a ready holiday test. */
  patroni: string[] | IsHoliday;
  /** Length of one "day" in ms; 86 400 000 by default. */
  unitaMs?: number;
  /** What starts the clock; 'richiesta' by default. */
  origine?: OrigineSla;
}

export const POLITICA_SLA_PREDEFINITA: PoliticaSlaOfferta = { giorniStandard: 5, avvisoDopoGiorni: 3, patroni: [], unitaMs: GIORNO_MS, origine: 'richiesta' };

/** When each clock may start: ISO instants (or 'YYYY-MM-DD', read as the start of that day, UTC). */
export interface DateOfferta {
  richiestaIl: string;
  chiusuraAdesioniIl?: string;
}

export interface ScadenzeOfferta {
  origine: OrigineSla;
  /** The clock's start (ISO instant). */
  inizio: string;
  /** The last day to send the rosa (real days: an Italian working day; shrunk: the UTC date of scadeIl). */
  scadenza: IsoDate;
  /** When the term lapses (ISO instant): the escalation is due then if no rosa was sent. */
  scadeIl: string;
  /** The warning: after avvisoDopoGiorni working days (its day, and the instant it is due). */
  avviso: { data: IsoDate; at: string };
  /** To the office's responsabile, at scadeIl. */
  escalation: { at: string; destinatario: 'responsabile' };
}

const festiviPerPatroni = new Map<string, IsHoliday>();

/** The holiday test of a policy: the Italian calendar plus its patron days (memoised per list), or its own test. */
export function festiviDi(patroni: string[] | IsHoliday): IsHoliday {
  if (typeof patroni === 'function') return patroni;
  const chiave = [...patroni].sort().join(',');
  let f = festiviPerPatroni.get(chiave);
  if (!f) {
    for (const p of patroni) if (!/^\d{2}-\d{2}$/.test(p)) throw new Error(`sla: giorno patronale non valido ${JSON.stringify(p)} (atteso 'MM-DD')`);
    f = italianHolidays(patroni);
    festiviPerPatroni.set(chiave, f);
  }
  return f;
}

function controlla(p: PoliticaSlaOfferta): { unita: number; origine: OrigineSla } {
  const unita = p.unitaMs ?? GIORNO_MS;
  const origine = p.origine ?? 'richiesta';
  if (!Number.isSafeInteger(p.giorniStandard) || p.giorniStandard < 1)
    throw new RangeError(`sla: giorniStandard deve essere un intero ≥ 1, trovato ${p.giorniStandard}`);
  if (!Number.isSafeInteger(p.avvisoDopoGiorni) || p.avvisoDopoGiorni < 0 || p.avvisoDopoGiorni >= p.giorniStandard) {
    throw new RangeError(`sla: avvisoDopoGiorni deve essere un intero in [0, ${p.giorniStandard}), trovato ${p.avvisoDopoGiorni}`);
  }
  if (!Number.isFinite(unita) || unita <= 0) throw new RangeError(`sla: unitaMs deve essere > 0, trovato ${unita}`);
  if (!(ORIGINI_SLA as readonly string[]).includes(origine)) throw new RangeError(`sla: origine sconosciuta ${JSON.stringify(origine)}`);
  return { unita, origine };
}

function istante(s: string | undefined, nome: string): number {
  const t = s === undefined ? NaN : /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseIsoDate(s) : Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`sla: ${nome} mancante o non valido: ${JSON.stringify(s)}`);
  return t;
}

const iso = (t: number) => new Date(t).toISOString();

/** The deadline, warning and escalation of an offer's service level. */
export function scadenzeOfferta(date: DateOfferta, politica: PoliticaSlaOfferta = POLITICA_SLA_PREDEFINITA): ScadenzeOfferta {
  const { unita, origine } = controlla(politica);
  const t0 = origine === 'richiesta' ? istante(date.richiestaIl, 'richiestaIl') : istante(date.chiusuraAdesioniIl, 'chiusuraAdesioniIl');
  if (unita !== GIORNO_MS) {
    const scade = t0 + politica.giorniStandard * unita;
    const avviso = t0 + politica.avvisoDopoGiorni * unita;
    return {
      origine,
      inizio: iso(t0),
      scadenza: iso(scade).slice(0, 10),
      scadeIl: iso(scade),
      avviso: { data: iso(avviso).slice(0, 10), at: iso(avviso) },
      escalation: { at: iso(scade), destinatario: 'responsabile' },
    };
  }
  const festivi = festiviDi(politica.patroni);
  // A date-only start is that Italian day; an instant is read in Italian time.
  const giorno = /^\d{4}-\d{2}-\d{2}$/.test(origine === 'richiesta' ? date.richiestaIl : (date.chiusuraAdesioniIl as string))
    ? iso(t0).slice(0, 10)
    : dataItaliana(new Date(t0));
  const scadenza = addWorkingDays(giorno, politica.giorniStandard, festivi);
  const scade = fineGiornoItaliano(scadenza);
  const giornoAvviso = politica.avvisoDopoGiorni === 0 ? giorno : addWorkingDays(giorno, politica.avvisoDopoGiorni, festivi);
  const avviso = politica.avvisoDopoGiorni === 0 ? t0 : fineGiornoItaliano(giornoAvviso);
  return {
    origine,
    inizio: iso(t0),
    scadenza,
    scadeIl: iso(scade),
    avviso: { data: giornoAvviso, at: iso(avviso) },
    escalation: { at: iso(scade), destinatario: 'responsabile' },
  };
}

/**
 * Working days after `da` up to and including `a` (`da` not counted): giorniLavorativiTra(d, addWorkingDays(d, n)) = n;
 * 0 when a = da; negative when a is before da. The "days to fulfil" of an offer: from the request date to the date
 * the rosa was sent.
 */
export function giorniLavorativiTra(da: IsoDate, a: IsoDate, isHoliday: IsHoliday): number {
  parseIsoDate(da);
  parseIsoDate(a);
  if (a < da) return -giorniLavorativiTra(a, da, isHoliday);
  let n = 0;
  for (let d = addDays(da, 1); d <= a; d = addDays(d, 1)) if (isWorkingDay(d, isHoliday)) n++;
  return n;
}
