import { actsFor } from '../auth/roles';
import type { Actor, Role } from '../auth/roles';
import type { Decision, RuleViolation } from '../common/violation';
import { guardiaMotivo, guardiaRuolo, guardiaStato, guardiaUfficio } from '../common/guardie';
import { MOTIVO_MIN_OFFERTA, OffertaStato, OffertaState, OffertaStep, OffertaTransition, RUOLI_CPI, RUOLO_DATORE } from './offerta.state';

// ---- rules shared by several events: the request (offerta.richiesta.ts) and the machine (offerta.machine*.ts) take them from here ----

/** What decideOfferta gives a group of events besides the state and the event: the instant, and how to build the step. */
export interface ContestoOfferta {
  at: string;
  step: (next: OffertaState, actor: Actor | null, extra?: Partial<OffertaTransition>) => Decision<OffertaStep>;
}

export const statoAmmesso = (state: OffertaState, ammessi: readonly OffertaStato[], azione: string) =>
  guardiaStato(state.stato, ammessi, `${azione}: ammesso solo in stato ${ammessi.join(' o ')}`);
const ruolo = (actor: Actor, ammessi: readonly Role[]) => guardiaRuolo(actor, ammessi, `solo ${ammessi.join(' o ')}`);
const ufficio = (ufficioOfferta: string, actor: Actor) => guardiaUfficio(actor, ufficioOfferta, `l'offerta è gestita dall'ufficio ${ufficioOfferta}`);

export const personaleCpi = (ufficioOfferta: string, actor: Actor, ruoli: readonly Role[] = RUOLI_CPI) => [
  ...ruolo(actor, ruoli),
  ...ufficio(ufficioOfferta, actor),
];

/**
 * CPI staff of the office, or the employer itself: role RUOLO_DATORE acting for the employer's codice fiscale (its
 * token's soggetto); a token without soggetto (recorded before they carried one) by its subject = datoreId.
 */
export function cpiODatore(ufficioOfferta: string, datore: { id: string; codiceFiscale?: string }, actor: Actor): RuleViolation[] {
  if (actor.roles.includes(RUOLO_DATORE) && !actor.roles.some((r) => RUOLI_CPI.includes(r))) {
    const ok = actor.soggetto !== undefined ? actsFor(actor, datore.codiceFiscale) : actor.sub === datore.id;
    return ok
      ? []
      : [
          {
            rule: 'datore-non-corrispondente',
            field: 'actor',
            message: "solo il datore di lavoro dell'offerta",
            found: actor.soggetto ?? actor.sub,
            limit: datore.codiceFiscale ?? datore.id,
          },
        ];
  }
  return personaleCpi(ufficioOfferta, actor, RUOLI_CPI).map((v) => (v.rule === 'ruolo-non-ammesso' ? { ...v, limit: [...RUOLI_CPI, RUOLO_DATORE] } : v));
}

export const motivo = (testo: string | undefined, field: string) => guardiaMotivo(testo, field, MOTIVO_MIN_OFFERTA);

export const istante = (s: unknown): number => (typeof s === 'string' ? Date.parse(s) : NaN);
export const nonVuota = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';
