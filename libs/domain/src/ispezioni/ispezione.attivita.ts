import type { Actor } from '../auth/roles';
import type { IsHoliday } from '../calendar/calendario';
import { linkAttivita, type VoceAttivita } from '../attivita/attivita';
import type { IspezioneState, IspezioneStato } from './ispezione.state';
import type { Priorita } from './ispezioni.types';
import { type PoliticaIspezione, type TermineIspezione, terminiIspezione } from './scadenze';

/**
 * What an inspection asks of each user ("Le mie attività"), from its state:
 * - the inspector assigned (only them): accept or abstain within the acceptance term, the first access within its
 *   term, the diffida's outcome once the company's term lapses, the verbale unico within its term (each the term of
 *   `terminiIspezione`, as the request shows it); between the first access and the end of checks no term runs;
 * - a dirigente of the inspectorate: a request that waits for its draw for a reason (nobody eligible, no usable
 *   period), and a manual reassignment proposed by someone else, to approve or refuse.
 * The draws, the periods' publication and reveal, and the reassignment's application are the service's own.
 */

/** The states in which the inspector assigned has a step to take. */
export const STATI_ISPETTORE: readonly IspezioneStato[] = ['assegnata', 'accettata', 'in-corso', 'diffida', 'accertamenti-conclusi'];

/** What the repository selects for the caller: their own cases in these states; the dirigente's queue and proposals. */
export interface AmbitoAttesaIspezioni {
  ispettore: IspezioneStato[];
  dirigente: boolean;
}

export function ambitoAttesaIspezioni(actor: Pick<Actor, 'roles'>): AmbitoAttesaIspezioni {
  return { ispettore: actor.roles.includes('ispettore') ? [...STATI_ISPETTORE] : [], dirigente: actor.roles.includes('dirigente') };
}

/** A request as the activities read it. */
export interface RigaAttivitaIspezione {
  id: string;
  stato: IspezioneStato;
  statoProcedura: IspezioneState;
  ispettoreId: string | null;
  priorita: Priorita;
  tipoPratica: string;
  /** The company's ragione sociale. */
  azienda: string | null;
  /** ISO instant. */
  registrataIl: string;
  /** Why the request waits for its draw, and since when (ISO instant). */
  attesa: { motivo: 'nessun-idoneo' | 'periodo-mancante'; dal: string } | null;
  /** The inspectorate's terms. */
  politica: PoliticaIspezione;
}

const AZIONI_ISPETTORE: Partial<Record<IspezioneStato, { codice: string; azione: string; termine?: TermineIspezione }>> = {
  assegnata: { codice: 'accettazione', azione: 'Accettare l’incarico o astenersi', termine: 'accettazione' },
  accettata: { codice: 'primoAccesso', azione: 'Eseguire il primo accesso', termine: 'primo-accesso' },
  'in-corso': { codice: 'accertamenti', azione: 'Registrare la diffida o la fine degli accertamenti' },
  diffida: { codice: 'diffida', azione: 'Verificare l’adempimento della diffida', termine: 'diffida' },
  'accertamenti-conclusi': { codice: 'chiusura', azione: 'Notificare il verbale unico e chiudere l’ispezione', termine: 'verbale-unico' },
};

/** The things the request asks of `actor` now. */
export function attivitaIspezione(r: RigaAttivitaIspezione, actor: Actor, ctx: { now: Date; isHoliday: IsHoliday }): VoceAttivita[] {
  const s = r.statoProcedura;
  const voce = (codice: string, azione: string, scadenza: string | null, dal: string | undefined): VoceAttivita => ({
    procedura: 'ispezioni',
    id: r.id,
    codice,
    riferimento: `${r.azienda ?? 'Azienda'}: ${r.tipoPratica}, priorità ${r.priorita}`,
    stato: r.stato,
    azione,
    scadenza,
    dal: dal ?? r.registrataIl,
    link: linkAttivita('ispezioni', r.id),
  });
  const out: VoceAttivita[] = [];
  const passo = AZIONI_ISPETTORE[r.stato];
  if (passo && actor.roles.includes('ispettore') && r.ispettoreId === actor.sub) {
    const termine = passo.termine ? terminiIspezione(s, r.priorita, r.politica, ctx.isHoliday, ctx.now).find((t) => t.termine === passo.termine) : undefined;
    // Since the step that started it: the assignment, the acceptance, the first access, the diffida, the end of checks.
    const dal: Partial<Record<IspezioneStato, string | undefined>> = {
      assegnata: s.assegnataIl,
      accettata: s.accettataIl,
      'in-corso': s.primoAccesso?.registratoIl,
      diffida: s.diffida?.registratoIl,
      'accertamenti-conclusi': s.fineAccertamenti?.registratoIl,
    };
    out.push(voce(passo.codice, passo.azione, termine?.scadeIl ?? null, dal[r.stato]));
  }
  if (actor.roles.includes('dirigente')) {
    if (r.stato === 'registrata' && r.attesa) {
      const azione =
        r.attesa.motivo === 'nessun-idoneo'
          ? 'Sbloccare il sorteggio: nessun ispettore idoneo'
          : 'Sbloccare il sorteggio: nessun periodo di sorteggio utilizzabile';
      out.push(voce('sorteggio', azione, null, r.attesa.dal));
    }
    const p = s.riassegnazione;
    if (p?.stato === 'proposta' && p.propostaDa !== actor.sub && p.ispettoreId !== actor.sub) {
      out.push(voce('riassegnazione', 'Decidere la riassegnazione proposta', null, p.propostaIl));
    }
  }
  return out;
}
