import { isExternal, type Actor } from '../auth/roles';
import { linkAttivita, type VoceAttivita } from '../attivita/attivita';
import { RUOLI_CPI, RUOLI_PUBBLICAZIONE_GRADUATORIA, RUOLO_DATORE, type OffertaState, type OffertaStato } from './offerta.state';
import { ultimoInvio } from './offerta.timer';

/**
 * What an employer's request asks of each user ("Le mie attività"), from its state:
 * - CPI staff (operatore, responsabile) of the office: judge the congruità of a new request (not whoever entered it:
 *   segregation of duties), send the rosa once the graduatoria is published; a responsabile also publishes the
 *   graduatoria computed at the window's close. Until the rosa is sent, the service level's term is the deadline.
 * - The employer (its own requests): record the outcomes of the candidates sent (no term: reminders follow).
 * The window closes by itself at its time, and a concluded offer asks nothing (a later rosa is an option, not a duty).
 */

/** The states the repository selects: for the office's staff, and for the employer's users (their own offers). */
export interface StatiAttesaOfferte {
  ufficio: OffertaStato[];
  datore: OffertaStato[];
}

export function statiAttesaOfferte(actor: Pick<Actor, 'roles'>): StatiAttesaOfferte {
  const ha = (ruoli: readonly string[]) => actor.roles.some((r) => ruoli.includes(r));
  if (isExternal(actor)) return { ufficio: [], datore: ha([RUOLO_DATORE]) ? ['rosa-inviata'] : [] };
  return {
    ufficio: [
      ...(ha(RUOLI_CPI) ? (['richiesta', 'graduatoria-pubblicata'] as const) : []),
      ...(ha(RUOLI_PUBBLICAZIONE_GRADUATORIA) ? ['chiusa-adesioni' as const] : []),
    ],
    datore: [],
  };
}

/** An offer as the activities read it. */
export interface RigaAttivitaOfferta {
  id: string;
  stato: OffertaStato;
  statoProcedura: OffertaState;
  profilo: string;
  luogo: string;
  posti: number;
  /** The employer's name (shown to the office's staff; the employer knows its own request by its profile). */
  datore: string | null;
  /** ISO instant. */
  richiestaIl: string;
}

/** The things the offer asks of `actor` now. */
export function attivitaOfferta(r: RigaAttivitaOfferta, actor: Actor): VoceAttivita[] {
  const s = r.statoProcedura;
  const esterno = isExternal(actor);
  const ha = (ruoli: readonly string[]) => actor.roles.some((x) => ruoli.includes(x));
  const posti = `${r.posti} ${r.posti === 1 ? 'posto' : 'posti'}`;
  const voce = (codice: string, azione: string, scadenza: string | null, dal: string | undefined): VoceAttivita => ({
    procedura: 'collocamento',
    id: r.id,
    codice,
    riferimento: esterno || !r.datore ? `${r.profilo}, ${posti} (${r.luogo})` : `${r.profilo}, ${posti} — ${r.datore} (${r.luogo})`,
    stato: r.stato,
    azione,
    scadenza,
    dal: dal ?? r.richiestaIl,
    link: linkAttivita('collocamento', r.id),
  });
  // The service level runs until the rosa is sent: its term is the deadline of every step before it.
  const sla = s.sla?.scadeIl ?? null;
  if (esterno) {
    return r.stato === 'rosa-inviata' && ha([RUOLO_DATORE]) ? [voce('esiti', 'Registrare gli esiti dei candidati', null, ultimoInvio(s))] : [];
  }
  switch (r.stato) {
    case 'richiesta':
      return ha(RUOLI_CPI) && s.richiesta.inseritaDa !== actor.sub
        ? [voce('congruita', 'Valutare la congruità della richiesta', sla, s.richiesta.inseritaIl)]
        : [];
    case 'chiusa-adesioni':
      return ha(RUOLI_PUBBLICAZIONE_GRADUATORIA) ? [voce('pubblicazione', 'Pubblicare la graduatoria', sla, s.chiusuraAdesioniIl ?? s.finestra?.chiudeIl)] : [];
    case 'graduatoria-pubblicata':
      return ha(RUOLI_CPI) ? [voce('rosa', 'Inviare la rosa dei candidati', sla, s.graduatoria?.pubblicataIl)] : [];
    default:
      return [];
  }
}
