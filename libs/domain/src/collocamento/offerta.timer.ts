import type { OffertaEvent, OffertaState } from './offerta.state';
import { STATI_SLA } from './offerta.state';

/** What the offer's workflow waits for next: a timed event for the machine, or a reminder to send. */
export type TimerOfferta =
  | { tipo: 'evento'; at: string; evento: Extract<OffertaEvent, { type: 'chiusuraAdesioni' | 'avvisoSla' | 'slaScaduta' }> }
  | { tipo: 'promemoria-esiti'; at: string; numero: number }
  /** Versione 2: the end of the time after the conclusion in which outcomes are still recorded or corrected. */
  | { tipo: 'fine'; at: string };

/**
 * The offer's next timer at its current state, soonest first: the close of the candidature window, the service
 * level's warning and breach (while the rosa is not sent), and, once the rosa is out, a reminder to the employer
 * every `promemoriaEsitiMs` from the latest sending until every outcome is in (`inviati` reminders already sent
 * since that sending), and for an offer of versione 2 concluded, the end of its `codaMs` after the conclusion.
 * Undefined: nothing timed.
 */
export function prossimoTimerOfferta(state: OffertaState, promemoriaEsitiMs: number, inviati: number, codaMs = 0): TimerOfferta | undefined {
  const timers: TimerOfferta[] = [];
  if (state.stato === 'pubblicata' && state.finestra) timers.push({ tipo: 'evento', at: state.finestra.chiudeIl, evento: { type: 'chiusuraAdesioni' } });
  if (state.sla && STATI_SLA.includes(state.stato)) {
    if (!state.sla.avvisoInviato) timers.push({ tipo: 'evento', at: state.sla.avvisoIl, evento: { type: 'avvisoSla' } });
    if (!state.sla.violata) timers.push({ tipo: 'evento', at: state.sla.scadeIl, evento: { type: 'slaScaduta' } });
  }
  if (state.stato === 'rosa-inviata' && state.rosa && promemoriaEsitiMs > 0) {
    timers.push({
      tipo: 'promemoria-esiti',
      at: new Date(Date.parse(ultimoInvio(state) as string) + (inviati + 1) * promemoriaEsitiMs).toISOString(),
      numero: inviati + 1,
    });
  }
  if (state.versione === 2 && state.stato === 'conclusa' && state.conclusione) {
    timers.push({ tipo: 'fine', at: new Date(Date.parse(state.conclusione.il) + codaMs).toISOString() });
  }
  return timers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}

/**
 * Since when outcomes are awaited: the latest sending of candidates (the rosa or a later one), or the last reopening
 * by a correction if later (the reminders due meanwhile were for an offer then concluded).
 */
export function ultimoInvio(state: OffertaState): string | undefined {
  const invio = state.rosaSuccessive?.length ? state.rosaSuccessive[state.rosaSuccessive.length - 1].inviataIl : state.rosa?.inviataIl;
  return state.riapertaIl && invio && Date.parse(state.riapertaIl) > Date.parse(invio) ? state.riapertaIl : invio;
}
