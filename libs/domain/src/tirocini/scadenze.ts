import type { Role } from '../auth/roles';
import { IsHoliday, addDays, addWorkingDays, parseIsoDate } from '../calendar/calendario';
import { aggiungiMesi, mesiDelPeriodo } from './durata';
import { GIORNO_MS, Orologio, inizioGiorno, oggi } from './orologio';
import type { TirocinioEvent, TirocinioState } from './tirocinio.state';
import type { IsoDate } from './tirocini.types';

/**
 * The timers of a tirocinio as a pure schedule (the style of ispezioni/scadenze.ts): what is due, when, under which
 * idempotency key. The workflow sleeps until the soonest `at`, then applies `evento` to decideTirocinio (timers) or
 * sends the notification to `destinatario` (reminders), and records `chiave` as done.
 *
 * TIME. The rules speak in dates; a date D begins at:
 * - real days (`unitaMs` = 86 400 000): 00:00 UTC of D (`origine` is ignored);
 * - a shrunk day (tests, demos): `origine` + daysBetween(date of origine, D) × unitaMs, where `origine` is an ISO
 *   instant (default: the state's `inviataIl`, the submission), so a two-month traineeship runs in seconds.
 * This is orologio.ts's `inizioGiorno`. Working days are counted on the Italian calendar either way: they are dates.
 *
 * WHAT IS DUE, by state (only the current state's timers are listed; once the state moves on they are moot):
 * - integrazioni-richieste: 'scadenza-integrazioni' when the deadline lapses, at the end of its day (the start of the
 *   next one); evento scadenzaIntegrazioni.
 * - attesa-comunicazione: without the CO, 'promemoria-comunicazione' to the ospitante
 *   `preavvisoComunicazioneGiorniLavorativi` working days before dataInizio (none if 0, and left out once `now` has
 *   reached the start); 'avvio' at the start of dataInizio (evento avvio).
 * - avvio-bloccato: 'escalation-avvio-bloccato' to the office's responsabile, at the start of dataInizio (due at once).
 * - attiva: 'conclusione' at the end of dataFineEffettiva (evento conclusione carrying that date). None while
 *   sospesa: the end date moves with the suspension and is known at the ripresa. And the monthly register:
 *   'promemoria-presenze' to the ospitante at the start of each month of the traineeship (the first day of month M+1,
 *   while M+1 still begins within it) when month M's attendance is not recorded. With `now`, only from the month
 *   that ended last (a practice that starts being scheduled late, or after downtime, is reminded of the month just
 *   ended, not of every earlier one: those are already in the inbox as missing); the last month's register is asked
 *   for after the end (see GIORNI_REGISTRO_FINALE), not by this reminder. With `promemoriaCollettivi` these are left
 *   out: the office-wide job sends them (promemoriaPresenzeDovuti).
 * Keys carry the date they are for (and the integration round), so a moved date gets a new key and an executed key
 * is never executed again. Past `at` means due now (catch-up after downtime). Sorted by `at`, then `chiave`.
 */
export interface PoliticaScadenzeTirocinio {
  /** Length of one day of the procedure's clock, in ms. */
  unitaMs: number;
  /** Origin of a shrunk clock (ISO instant); default the state's `inviataIl`. */
  origine?: string;
  /**
   * The monthly register reminders are sent by the office-wide job (promemoriaPresenzeDovuti), not by the practice's
   * own timers: they are left out of the schedule (runs started since PATCH_PROMEMORIA_COLLETTIVI).
   */
  promemoriaCollettivi?: boolean;
}

export const TIPI_SCADENZA_TIROCINIO = [
  'scadenza-integrazioni',
  'promemoria-comunicazione',
  'avvio',
  'escalation-avvio-bloccato',
  'conclusione',
  'promemoria-presenze',
] as const;
export type TipoScadenzaTirocinio = (typeof TIPI_SCADENZA_TIROCINIO)[number];

export interface ScadenzaTirocinio {
  tipo: TipoScadenzaTirocinio;
  /** When it is due (ISO instant, UTC). */
  at: string;
  /** Unique per practice, kind and date (and integration round): for idempotent execution. */
  chiave: string;
  /** The date the timer is about (the deadline, the start or the end date; for the register, the month's first day). */
  data: IsoDate;
  /** Timers: the event to apply to the state machine when due. */
  evento?: TirocinioEvent;
  /** Notifications: who is told (the role within the practice's office). */
  destinatario?: { ruolo: Role; ufficio: string };
}

/** The clock of a practice under a policy (see the file's comment). */
export function orologioTirocinio(state: TirocinioState, politica: PoliticaScadenzeTirocinio): Orologio {
  if (!Number.isFinite(politica.unitaMs) || politica.unitaMs <= 0)
    throw new RangeError(`scadenze tirocinio: unitaMs deve essere > 0, trovato ${politica.unitaMs}`);
  const origine = politica.origine ?? state.inviataIl;
  if (politica.unitaMs !== GIORNO_MS && (origine === undefined || Number.isNaN(Date.parse(origine)))) {
    throw new Error(`scadenze tirocinio ${state.tirocinioId}: con un giorno ridotto serve l'origine dell'orologio`);
  }
  return { unitaMs: politica.unitaMs, origine: origine ?? '1970-01-01T00:00:00.000Z' };
}

/** Working days for integrations when the practice carries no limits of its own: the national guidelines'. */
export const GIORNI_INTEGRAZIONI_PREDEFINITI = 10;

/**
 * The integration deadline for a request made on `oggi`: `giorni` working days later (`oggi` not counted), by
 * default the pack's (GIORNI_INTEGRAZIONI_PREDEFINITI for a state without limits).
 */
export function terminePerIntegrazioni(state: Pick<TirocinioState, 'limiti'> | null, oggi: IsoDate, isHoliday: IsHoliday, giorni?: number): IsoDate {
  return addWorkingDays(oggi, giorni ?? state?.limiti?.integrazioneGiorniLavorativi ?? GIORNI_INTEGRAZIONI_PREDEFINITI, isHoliday);
}

export function scadenzeTirocinio(state: TirocinioState, politica: PoliticaScadenzeTirocinio, isHoliday: IsHoliday, now?: Date): ScadenzaTirocinio[] {
  const out: ScadenzaTirocinio[] = [];
  const orologio = () => orologioTirocinio(state, politica);
  const inizio = (d: IsoDate) => new Date(inizioGiorno(orologio(), d)).toISOString();
  const chiave = (tipo: TipoScadenzaTirocinio, data: IsoDate, suffisso = '') => `${tipo}:${state.tirocinioId}:${data}${suffisso}`;

  switch (state.stato) {
    case 'integrazioni-richieste': {
      const n = state.integrazioni.length;
      const scadenza = state.integrazioni[n - 1]?.richiesta.scadenza;
      if (scadenza === undefined) throw new Error(`scadenze tirocinio ${state.tirocinioId}: integrazioni richieste senza scadenza`);
      out.push({
        tipo: 'scadenza-integrazioni',
        at: inizio(addDays(scadenza, 1)),
        chiave: chiave('scadenza-integrazioni', scadenza, `#${n}`),
        data: scadenza,
        evento: { type: 'scadenzaIntegrazioni', scadenza },
      });
      break;
    }
    case 'attesa-comunicazione': {
      const avvio = inizio(state.dataInizio);
      const giorni = state.limiti.preavvisoComunicazioneGiorniLavorativi;
      if (!state.comunicazione && giorni > 0 && (now === undefined || now.getTime() < Date.parse(avvio))) {
        out.push({
          tipo: 'promemoria-comunicazione',
          at: inizio(addWorkingDays(state.dataInizio, -giorni, isHoliday)),
          chiave: chiave('promemoria-comunicazione', state.dataInizio),
          data: state.dataInizio,
          destinatario: { ruolo: 'ospitante', ufficio: state.ufficio },
        });
      }
      out.push({ tipo: 'avvio', at: avvio, chiave: chiave('avvio', state.dataInizio), data: state.dataInizio, evento: { type: 'avvio' } });
      break;
    }
    case 'avvio-bloccato':
      out.push({
        tipo: 'escalation-avvio-bloccato',
        at: inizio(state.dataInizio),
        chiave: chiave('escalation-avvio-bloccato', state.dataInizio),
        data: state.dataInizio,
        destinatario: { ruolo: 'responsabile', ufficio: state.ufficio },
      });
      break;
    case 'attiva':
      parseIsoDate(state.dataFineEffettiva);
      out.push({
        tipo: 'conclusione',
        at: inizio(addDays(state.dataFineEffettiva, 1)),
        chiave: chiave('conclusione', state.dataFineEffettiva),
        data: state.dataFineEffettiva,
        evento: { type: 'conclusione', dataFine: state.dataFineEffettiva },
      });
      if (!politica.promemoriaCollettivi) out.push(...promemoriaPresenze(state, politica, now));
      break;
    case 'bozza':
    case 'inviata':
    case 'integrata':
    case 'sospesa':
    case 'conclusa':
    case 'interrotta':
    case 'respinta':
    case 'archiviata':
    case 'ritirata':
      break;
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.chiave < b.chiave ? -1 : a.chiave > b.chiave ? 1 : 0));
}

/**
 * The monthly register reminders of an active traineeship (see the file's comment): one per month M whose attendance
 * is missing, due when month M+1 begins, if M+1 begins on or before the effective end.
 */
export function promemoriaPresenze(state: TirocinioState, politica: PoliticaScadenzeTirocinio, now?: Date): ScadenzaTirocinio[] {
  if (state.stato !== 'attiva') return [];
  const o = orologioTirocinio(state, politica);
  const registrati = new Set(state.presenze.map((p) => p.mese));
  // The month that ended last, on the procedure's clock: nothing earlier is reminded again.
  const meseCorrente = now === undefined ? undefined : oggi(o, now).slice(0, 7);
  const daMese = meseCorrente === undefined ? undefined : aggiungiMesi(`${meseCorrente}-01`, -1).slice(0, 7);
  const out: ScadenzaTirocinio[] = [];
  for (const mese of mesiDelPeriodo(state.dataInizio, state.dataFineEffettiva)) {
    const successivo = aggiungiMesi(`${mese}-01`, 1);
    if (successivo > state.dataFineEffettiva) break;
    if (registrati.has(mese) || (daMese !== undefined && mese < daMese)) continue;
    out.push({
      tipo: 'promemoria-presenze',
      at: new Date(inizioGiorno(o, successivo)).toISOString(),
      chiave: `promemoria-presenze:${state.tirocinioId}:${mese}`,
      data: `${mese}-01`,
      destinatario: { ruolo: 'ospitante', ufficio: state.ufficio },
    });
  }
  return out;
}

/**
 * What the office-wide job does for one practice at `now`: the register reminders due (`at` reached, soonest first;
 * with `now`, none older than the month that ended last) and when the next one falls due (null: none left while the
 * state stays as it is). Sent keys are told apart by the caller (a notice's key is used once).
 */
export function promemoriaPresenzeDovuti(
  state: TirocinioState,
  politica: PoliticaScadenzeTirocinio,
  now: Date,
): { dovuti: ScadenzaTirocinio[]; prossimo: string | null } {
  const tutti = promemoriaPresenze(state, politica, now);
  const dovuti = tutti.filter((s) => Date.parse(s.at) <= now.getTime());
  return { dovuti, prossimo: tutti.find((s) => Date.parse(s.at) > now.getTime())?.at ?? null };
}
