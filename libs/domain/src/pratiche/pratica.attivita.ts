import type { Actor } from '../auth/roles';
import { linkAttivita, type VoceAttivita } from '../attivita/attivita';
import type { PraticaStato } from './pratica.state';

/**
 * What a pratica asks of each user ("Le mie attività"): the operatore who opened it, to submit it (with at least one
 * document); a responsabile of the office who did not open, change or submit it, to decide it. No term runs.
 */

/** The states the repository selects: `ufficio` for any case of the office, `propri` only for those the caller opened. */
export function statiAttesaPratiche(actor: Pick<Actor, 'roles'>): { ufficio: PraticaStato[]; propri: PraticaStato[] } {
  return { ufficio: actor.roles.includes('responsabile') ? ['inviata'] : [], propri: actor.roles.includes('operatore') ? ['aperta'] : [] };
}

export interface RigaAttivitaPratica {
  id: string;
  stato: PraticaStato;
  protocollo: string;
  oggetto: string;
  creataDa: string;
  /** Who opened, submitted or uploaded a document to it (none of them may decide it). */
  autori: string[];
  /** ISO instants; a submitted case changes no more until its decision, so its last update is its submission. */
  creataIl: string;
  aggiornataIl: string;
}

export function attivitaPratica(r: RigaAttivitaPratica, actor: Actor): VoceAttivita[] {
  const voce = (codice: string, azione: string, dal: string): VoceAttivita => ({
    procedura: 'pratiche',
    id: r.id,
    codice,
    riferimento: `${r.protocollo}: ${r.oggetto}`,
    stato: r.stato,
    azione,
    scadenza: null,
    dal,
    link: linkAttivita('pratiche', r.id),
  });
  if (r.stato === 'aperta' && actor.roles.includes('operatore') && r.creataDa === actor.sub) return [voce('invio', 'Inviare la pratica', r.creataIl)];
  if (r.stato === 'inviata' && actor.roles.includes('responsabile') && !r.autori.includes(actor.sub))
    return [voce('decisione', 'Decidere la pratica', r.aggiornataIl)];
  return [];
}
