import type { Actor, Role } from '../auth/roles';
import { parseIsoDate } from '../calendar/calendario';
import { guardiaMotivo, guardiaRuolo, guardiaStato, guardiaUfficio } from '../common/guardie';
import type { Decision, RuleViolation } from '../common/violation';
import type { ControlloTirocinante, IsoDate } from './tirocini.types';
import type { ControlloSede } from './dipendenti';
import { MOTIVO_MIN_TIROCINIO, StatoTirocinio, TirocinioState, TirocinioStep } from './tirocinio.state';

// ---- rules shared by several events: the groups of decideTirocinio (tirocinio.machine.*.ts) take them from here ----

/** What decideTirocinio gives every group of events besides the state and the event: the instant, the day, and how to build the step. */
export interface ContestoTirocinio {
  il: string;
  oggi: IsoDate;
  step: (next: TirocinioState, attore: string | null, extra?: { motivo?: string; dettagli?: Record<string, unknown> }) => Decision<TirocinioStep>;
}

/** What the API's checks read from the registry for a step, as given (an event without them, as before, adds none). */
export const controlli = (e: { controlloSede?: ControlloSede; controlloTirocinante?: ControlloTirocinante }) => ({
  ...(e.controlloSede ? { controlloSede: e.controlloSede } : {}),
  ...(e.controlloTirocinante ? { controlloTirocinante: e.controlloTirocinante } : {}),
});

export const statoAmmesso = (state: TirocinioState, ammessi: readonly StatoTirocinio[], azione: string) =>
  guardiaStato(state.stato, ammessi, `${azione}: ammesso solo negli stati ${ammessi.join(', ')}`);

export const persona = (state: TirocinioState, actor: Actor, ruoli: readonly Role[]) => [
  ...guardiaRuolo(actor, ruoli, `solo ${ruoli.join(' o ')} può farlo`),
  ...guardiaUfficio(actor, state.ufficio, `il tirocinio è dell'ufficio ${state.ufficio}`),
];

export const motivazione = (testo: string | undefined, field = 'motivo') => guardiaMotivo(testo, field, MOTIVO_MIN_TIROCINIO);

export function dataValida(d: unknown, field: string): RuleViolation[] {
  try {
    parseIsoDate(d as string);
    return [];
  } catch {
    return [{ rule: 'data-non-valida', field, message: 'serve una data di calendario AAAA-MM-GG', found: d }];
  }
}

export function nonFutura(d: IsoDate, oggi: IsoDate, field: string): RuleViolation[] {
  return d > oggi ? [{ rule: 'data-futura', field, message: 'la data non può essere futura', found: d, limit: oggi }] : [];
}
