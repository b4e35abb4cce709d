import { IsHoliday, IsoDate, addDays, addWorkingDays, isWorkingDay } from '../calendar/calendario';
import { dataItaliana, fineGiornoItaliano, inizioGiornoItaliano } from '../calendar/ora-italiana';
import { durataMs } from '../cronoprogramma/scadenze';
import { PRIORITA, Priorita } from './ispezioni.types';
import { IspezioneState, TERMINE_DIFFIDA_GIORNI } from './ispezione.state';

const GIORNO_MS = 86_400_000;

/**
 * How an inspection's deadlines are set and chased. The day counts are configurable defaults, not statutory values
 * (except the diffida's 30 days); an inspectorate may pass its own.
 *
 * `unitaMs` is the length of one "day" of this policy: 86 400 000 (a real day) by default. Tests and demos shrink it
 * (e.g. 1000, so "10 days" becomes 10 seconds from the clock's start). With real days, terms run to the end of their
 * last day in Italy (midnight Europe/Rome), working days follow the Italian calendar, a term in calendar days whose
 * last day is a Sunday or a holiday runs to the next working day (art. 155 c.p.c., art. 2963 c.c.), and reminders
 * fall on working days; with any other unit, every term is plain arithmetic (start + n × unitaMs) and working days
 * count as plain units. `tolleranzaEscalationMs` is
 * always in milliseconds, as in the cronoprogramma's policy.
 */
export interface PoliticaIspezione {
  /** Calendar days from acceptance to the first access, by priority. */
  primoAccessoGiorni: Record<Priorita, number>;
  /** Working days from the assignment in which the inspector must accept or abstain. */
  accettazioneGiorniLavorativi: number;
  /** Calendar days the company has to comply with a diffida, from its notification. */
  termineDiffidaGiorni: number;
  /** Calendar days from the end of checks to the verbale unico. */
  verbaleUnicoGiorni: number;
  /** A reminder this many days before each of the inspector's deadlines. */
  preavvisoGiorni: number;
  /** After a deadline lapses, escalation to the dirigente once this much time has passed. */
  tolleranzaEscalationMs: number;
  /** The length of one day of this policy, in ms (see above). */
  unitaMs: number;
}

export const POLITICA_ISPEZIONE_PREDEFINITA: PoliticaIspezione = {
  primoAccessoGiorni: { alta: 10, media: 30, bassa: 90 },
  accettazioneGiorniLavorativi: 2,
  termineDiffidaGiorni: TERMINE_DIFFIDA_GIORNI,
  verbaleUnicoGiorni: 90,
  preavvisoGiorni: 3,
  tolleranzaEscalationMs: 2 * GIORNO_MS,
  unitaMs: GIORNO_MS,
};

/**
 * The default policy with some values replaced. `unita` and `tolleranzaEscalation` may be given as ISO 8601
 * durations ("PT1S", "P2D") instead of `unitaMs` / `tolleranzaEscalationMs`. Refuses negative or non-finite values.
 */
export function politicaIspezione(
  override: Partial<Omit<PoliticaIspezione, 'primoAccessoGiorni'>> & {
    primoAccessoGiorni?: Partial<Record<Priorita, number>>;
    unita?: string;
    tolleranzaEscalation?: string;
  } = {},
): PoliticaIspezione {
  const { unita, tolleranzaEscalation, primoAccessoGiorni, ...rest } = override;
  const p: PoliticaIspezione = {
    ...POLITICA_ISPEZIONE_PREDEFINITA,
    ...rest,
    primoAccessoGiorni: { ...POLITICA_ISPEZIONE_PREDEFINITA.primoAccessoGiorni, ...primoAccessoGiorni },
    ...(unita !== undefined ? { unitaMs: durataMs(unita) } : {}),
    ...(tolleranzaEscalation !== undefined ? { tolleranzaEscalationMs: durataMs(tolleranzaEscalation) } : {}),
  };
  const valori: Array<[string, number]> = [
    ...PRIORITA.map((k): [string, number] => [`primoAccessoGiorni.${k}`, p.primoAccessoGiorni[k]]),
    ['accettazioneGiorniLavorativi', p.accettazioneGiorniLavorativi],
    ['termineDiffidaGiorni', p.termineDiffidaGiorni],
    ['verbaleUnicoGiorni', p.verbaleUnicoGiorni],
    ['preavvisoGiorni', p.preavvisoGiorni],
    ['tolleranzaEscalationMs', p.tolleranzaEscalationMs],
  ];
  for (const [nome, n] of valori) {
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`politica ispezione: ${nome} deve essere ≥ 0, trovato ${n}`);
  }
  if (!Number.isFinite(p.unitaMs) || p.unitaMs <= 0) throw new RangeError(`politica ispezione: unitaMs deve essere > 0, trovato ${p.unitaMs}`);
  return p;
}

export const TERMINI_ISPEZIONE = ['accettazione', 'primo-accesso', 'diffida', 'verbale-unico'] as const;
export type TermineIspezione = (typeof TERMINI_ISPEZIONE)[number];
export type TipoScadenzaIspezione = 'promemoria' | 'scaduta' | 'escalation';

export interface ScadenzaIspezione {
  /**
   * 'promemoria' before the deadline and 'scaduta' when it lapses, to the inspector; 'escalation' to the dirigente
   * after the tolerance. For the diffida, 'scaduta' is the company's term lapsing: the inspector checks compliance.
   */
  tipo: TipoScadenzaIspezione;
  /** When it is due (ISO instant, UTC); in the past means "now" (catch-up after downtime). */
  at: string;
  /** Unique per inspection, deadline, notice kind and assignment attempt: an executed key is never executed again. */
  chiave: string;
  /** The assigned inspector (nome = inspector id), or the dirigente role of the inspectorate. */
  destinatario: { tipo: 'ispettore' | 'ruolo'; nome: string; ispettorato: string };
  riferimento: { richiestaId: string; termine: TermineIspezione; tentativo: number; /** When the term lapses (ISO instant). */ scadeIl: string };
}

/** When each clock starts (ISO instants, UTC). */
export interface DateIspezione {
  /** The assignment: starts the acceptance term. */
  assegnataIl?: string;
  /** The acceptance: starts the first-access term. */
  accettataIl?: string;
  /** The diffida's notification: starts the company's term. */
  diffidaNotificataIl?: string;
  /** The end of checks: starts the verbale unico term. */
  fineAccertamentiIl?: string;
}

/**
 * The clocks as the state records them: the instants of assignment and acceptance, and the start (midnight in Italy)
 * of the notification and end-of-checks dates the inspector reported. With a shrunk `unitaMs` a caller may rather pass the
 * instants the events were recorded at, so near deadlines are not already past.
 */
export function dateIspezione(state: IspezioneState): DateIspezione {
  return {
    assegnataIl: state.assegnataIl,
    accettataIl: state.accettataIl,
    diffidaNotificataIl: state.diffida ? iso(inizioGiornoItaliano(state.diffida.notificataIl)) : undefined,
    fineAccertamentiIl: state.fineAccertamenti ? iso(inizioGiornoItaliano(state.fineAccertamenti.data)) : undefined,
  };
}

const iso = (t: number) => new Date(t).toISOString();

/** The Italian date of instant `t` (with real days), or the plain UTC date (with shrunk units). */
const giornoDi = (t: number, giorniReali: boolean): IsoDate => (giorniReali ? dataItaliana(new Date(t)) : iso(t).slice(0, 10));

/**
 * When a term of `n` days started at instant `t0` lapses, and its last day. With real days the start day is not
 * counted; working days skip weekends and holidays; a calendar-day term whose last day is not a working day runs to
 * the next working day; the term lapses at the end of its last day in Italy. With shrunk units: t0 + n × unit.
 */
export function scadenzaTermine(
  t0: number,
  n: number,
  lavorativi: boolean,
  politica: Pick<PoliticaIspezione, 'unitaMs'>,
  isHoliday: IsHoliday,
): { ultimoGiorno: IsoDate; scadeIl: number } {
  if (politica.unitaMs !== GIORNO_MS) {
    const scadeIl = t0 + n * politica.unitaMs;
    return { ultimoGiorno: giornoDi(scadeIl, false), scadeIl };
  }
  const giorno = dataItaliana(new Date(t0));
  let ultimo = lavorativi ? addWorkingDays(giorno, n, isHoliday) : addDays(giorno, n);
  while (!isWorkingDay(ultimo, isHoliday)) ultimo = addDays(ultimo, 1);
  return { ultimoGiorno: ultimo, scadeIl: fineGiornoItaliano(ultimo) };
}

/**
 * Every deadline notice of the inspection still to be acted on at `now`, soonest first. Only the current state's
 * deadline applies: accepting (state 'assegnata'), the first access ('accettata'), the diffida's term ('diffida')
 * and the verbale unico ('accertamenti-conclusi'); once the event that satisfies a deadline is done, its notices
 * are moot and no longer listed. Keys in `eseguite` are left out. A reminder is left out once its deadline has
 * lapsed (the overdue notice supersedes it) and when it would not come after the clock's start (with real days: not
 * on a later day; a reminder falling on a weekend or holiday moves to the working day before). The diffida has a
 * single notice, when the company's term lapses.
 *
 * With real days a term of n days starting on day D (Italian date) lapses at the end of day D + n (D not counted,
 * as legal terms are reckoned), at midnight in Italy; working days skip weekends and holidays, and a calendar-day
 * term ending on a Sunday or a holiday runs to the next working day.
 */
export function scadenzeIspezione(
  state: IspezioneState,
  dates: DateIspezione,
  priorita: Priorita,
  politica: PoliticaIspezione,
  isHoliday: IsHoliday,
  eseguite: ReadonlySet<string>,
  now: Date,
): ScadenzaIspezione[] {
  if (!PRIORITA.includes(priorita)) throw new Error(`scadenze ispezione: priorità sconosciuta ${JSON.stringify(priorita)}`);
  const giorniReali = politica.unitaMs === GIORNO_MS;

  const inizio = (termine: TermineIspezione, istante: string | undefined): number => {
    const t = istante === undefined ? NaN : Date.parse(istante);
    if (Number.isNaN(t)) throw new Error(`scadenze ispezione ${state.richiestaId}: manca l'inizio del termine ${termine} (stato ${state.stato})`);
    return t;
  };
  const ispettore = () => {
    if (!state.ispettoreId) throw new Error(`scadenze ispezione ${state.richiestaId}: nessun ispettore assegnato (stato ${state.stato})`);
    return { tipo: 'ispettore' as const, nome: state.ispettoreId, ispettorato: state.ispettorato };
  };

  const scade = (t0: number, n: number, lavorativi: boolean): number => scadenzaTermine(t0, n, lavorativi, politica, isHoliday).scadeIl;

  /** The reminder's time, or undefined when there is none to send. */
  const promemoria = (t0: number, scadeIl: number): number | undefined => {
    if (now.getTime() >= scadeIl) return undefined;
    const t = scadeIl - politica.preavvisoGiorni * politica.unitaMs;
    if (!giorniReali) return t > t0 ? t : undefined;
    // Real days: on a working day, and on a later day than the clock's start (not hours after the notice itself).
    let giorno = dataItaliana(new Date(t));
    while (!isWorkingDay(giorno, isHoliday)) giorno = addDays(giorno, -1);
    return giorno > dataItaliana(new Date(t0)) ? inizioGiornoItaliano(giorno) : undefined;
  };

  const out: ScadenzaIspezione[] = [];
  const add = (s: ScadenzaIspezione) => {
    if (!eseguite.has(s.chiave)) out.push(s);
  };
  const termine = (tipo: TermineIspezione, t0: number, scadeIl: number, conPromemoriaEdEscalation: boolean) => {
    const riferimento = { richiestaId: state.richiestaId, termine: tipo, tentativo: state.tentativo, scadeIl: iso(scadeIl) };
    const chiave = (k: TipoScadenzaIspezione) => `${k}:${tipo}:${state.richiestaId}#${state.tentativo}`;
    const destinatario = ispettore();
    if (conPromemoriaEdEscalation) {
      const p = promemoria(t0, scadeIl);
      if (p !== undefined) add({ tipo: 'promemoria', at: iso(p), chiave: chiave('promemoria'), destinatario, riferimento });
    }
    add({ tipo: 'scaduta', at: iso(scadeIl), chiave: chiave('scaduta'), destinatario, riferimento });
    if (conPromemoriaEdEscalation) {
      add({
        tipo: 'escalation',
        at: iso(scadeIl + politica.tolleranzaEscalationMs),
        chiave: chiave('escalation'),
        destinatario: { tipo: 'ruolo', nome: 'dirigente', ispettorato: state.ispettorato },
        riferimento,
      });
    }
  };

  switch (state.stato) {
    case 'assegnata': {
      const t0 = inizio('accettazione', dates.assegnataIl);
      termine('accettazione', t0, scade(t0, politica.accettazioneGiorniLavorativi, true), true);
      break;
    }
    case 'accettata': {
      const t0 = inizio('primo-accesso', dates.accettataIl);
      termine('primo-accesso', t0, scade(t0, politica.primoAccessoGiorni[priorita], false), true);
      break;
    }
    case 'diffida': {
      const t0 = inizio('diffida', dates.diffidaNotificataIl);
      termine('diffida', t0, scade(t0, politica.termineDiffidaGiorni, false), false);
      break;
    }
    case 'accertamenti-conclusi': {
      const t0 = inizio('verbale-unico', dates.fineAccertamentiIl);
      termine('verbale-unico', t0, scade(t0, politica.verbaleUnicoGiorni, false), true);
      break;
    }
    case 'registrata':
    case 'in-corso':
    case 'chiusa':
      break;
  }

  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.chiave < b.chiave ? -1 : a.chiave > b.chiave ? 1 : 0));
}

export type StatoTermine = 'non-iniziato' | 'in-corso' | 'scaduto' | 'rispettato' | 'adempiuto-in-ritardo';

/** One of an inspection's terms as the API shows it: the policy's numbers, and the dates they give for this case. */
export interface TermineIspezioneEsposto {
  termine: TermineIspezione;
  /** What must happen by the term, in Italian. */
  descrizione: string;
  giorni: number;
  tipoGiorni: 'lavorativi' | 'calendario';
  /** Who must act: the assigned inspector, or the company (the diffida's term to comply). */
  aCarico: 'ispettore' | 'azienda';
  /** The day the term runs from (not counted), in Italy; null while it has not started. */
  decorrenza: IsoDate | null;
  /** Its last day (in Italy) and the instant it lapses (the end of that day in Italy). */
  ultimoGiorno: IsoDate | null;
  scadeIl: string | null;
  stato: StatoTermine;
  /** When the step that satisfies the term was done. */
  adempiutoIl?: string;
}

const DESCRIZIONI: Record<TermineIspezione, string> = {
  accettazione: "accettare l'incarico o dichiarare l'astensione",
  'primo-accesso': 'eseguire il primo accesso ispettivo',
  diffida: "adempiere alla diffida (termine dell'azienda)",
  'verbale-unico': 'notificare il verbale unico di accertamento',
};

/**
 * Every term of the inspection (acceptance, first access, the diffida's, verbale unico) with the dates the policy
 * gives for it on the Italian calendar, computed exactly as the notices are (`scadenzaTermine`), and its state at
 * `now`: not started, running, lapsed, met, or met late.
 */
export function terminiIspezione(
  state: IspezioneState,
  priorita: Priorita,
  politica: PoliticaIspezione,
  isHoliday: IsHoliday,
  now: Date,
): TermineIspezioneEsposto[] {
  if (!PRIORITA.includes(priorita)) throw new Error(`scadenze ispezione: priorità sconosciuta ${JSON.stringify(priorita)}`);
  const giorniReali = politica.unitaMs === GIORNO_MS;
  const date = dateIspezione(state);
  const termine = (
    tipo: TermineIspezione,
    giorni: number,
    lavorativi: boolean,
    aCarico: 'ispettore' | 'azienda',
    inizio: string | undefined,
    adempiutoIl: string | undefined,
  ): TermineIspezioneEsposto => {
    const base = { termine: tipo, descrizione: DESCRIZIONI[tipo], giorni, tipoGiorni: lavorativi ? ('lavorativi' as const) : ('calendario' as const), aCarico };
    if (inizio === undefined) return { ...base, decorrenza: null, ultimoGiorno: null, scadeIl: null, stato: 'non-iniziato' };
    const t0 = Date.parse(inizio);
    const { ultimoGiorno, scadeIl } = scadenzaTermine(t0, giorni, lavorativi, politica, isHoliday);
    let stato: StatoTermine;
    if (adempiutoIl !== undefined) {
      // With real days a step is met on or before the last day (an instant by its Italian date); shrunk, by the instant.
      const giorno = /^\d{4}-\d{2}-\d{2}$/.test(adempiutoIl) ? adempiutoIl : dataItaliana(new Date(adempiutoIl));
      const inTempo = giorniReali ? giorno <= ultimoGiorno : Date.parse(adempiutoIl) < scadeIl;
      stato = inTempo ? 'rispettato' : 'adempiuto-in-ritardo';
    } else {
      stato = now.getTime() >= scadeIl ? 'scaduto' : 'in-corso';
    }
    return {
      ...base,
      decorrenza: giornoDi(t0, giorniReali),
      ultimoGiorno,
      scadeIl: iso(scadeIl),
      stato,
      ...(adempiutoIl !== undefined ? { adempiutoIl } : {}),
    };
  };
  return [
    termine('accettazione', politica.accettazioneGiorniLavorativi, true, 'ispettore', date.assegnataIl, state.accettataIl),
    // A reported date is compared with the term's last day; with shrunk units, the instant it was recorded with its end.
    termine(
      'primo-accesso',
      politica.primoAccessoGiorni[priorita],
      false,
      'ispettore',
      date.accettataIl,
      giorniReali ? state.primoAccesso?.data : state.primoAccesso?.registratoIl,
    ),
    termine('diffida', politica.termineDiffidaGiorni, false, 'azienda', date.diffidaNotificataIl, undefined),
    termine('verbale-unico', politica.verbaleUnicoGiorni, false, 'ispettore', date.fineAccertamentiIl, state.chiusura?.chiusaIl),
  ];
}
