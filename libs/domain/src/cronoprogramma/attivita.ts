import type { Actor } from '../auth/roles';
import { type IsHoliday, addDays, addWorkingDays, dataItalianaBreve } from '../calendar/calendario';
import { linkAttivita, type VoceAttivita } from '../attivita/attivita';
import type { Fase, PianoDocumento } from './cronoprogramma.types';
import { politicaDelPiano } from './scadenze';

/**
 * What a plan asks of the office's dirigenti ("Le mie attività"):
 * - a draft to approve (not by whoever wrote or last changed it);
 * - a proposed revision to decide (not by whoever proposed it);
 * - the monitoring of its phases that are due: an open phase (no actual end, no external cause) from the day its
 *   reminder goes out (N working days before its planned end) until it is reported; overdue from the day after its
 *   planned end, as the overdue alert. One item per plan, for its earliest such phase, naming how many more there are.
 * A plan past its close date is frozen for the final monitoring by the procedure and sends no phase alerts; it asks
 * nothing here. Dates are UTC days, as the plan's deadlines.
 */

export type StatoPianoAttivita = 'bozza' | 'attivo' | 'congelato';

/** The plan states the repository selects (for dirigenti only). */
export const STATI_PIANO_IN_ATTESA: readonly StatoPianoAttivita[] = ['bozza', 'attivo'];

export const vedeAttivitaPiani = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('dirigente');

/** A plan as the activities read it, with its revision awaiting a decision, if any. */
export interface RigaAttivitaPiano {
  id: string;
  stato: StatoPianoAttivita;
  titolo: string;
  documento: PianoDocumento;
  creatoDa: string;
  aggiornatoDa: string;
  /** ISO instant. */
  aggiornatoIl: string;
  revisione: { numero: number; propostaDa: string; propostaIl: string } | null;
}

const inizioGiorno = (d: string) => `${d}T00:00:00.000Z`;

/** The plan's open phases whose monitoring is due on `oggi`, earliest planned end first. */
export function fasiDaMonitorare(piano: PianoDocumento, oggi: string, isHoliday: IsHoliday): Array<{ indicatore: string; fase: Fase; dal: string }> {
  if (oggi > piano.chiusura) return [];
  const preavviso = politicaDelPiano(piano).preavvisoGiorniLavorativi;
  return piano.aree
    .flatMap((a) => a.obiettivi.flatMap((o) => o.indicatori))
    .flatMap((i) => (i.tipo === 'procedurale' ? i.fasi.map((fase) => ({ indicatore: i.codice, fase })) : []))
    .filter(({ fase }) => !fase.fineEffettiva && !fase.causaEsterna)
    .map((x) => ({ ...x, dal: addWorkingDays(x.fase.finePrevista, -preavviso, isHoliday) }))
    .filter((x) => x.dal <= oggi)
    .sort((a, b) => (a.fase.finePrevista < b.fase.finePrevista ? -1 : a.fase.finePrevista > b.fase.finePrevista ? 1 : 0));
}

/** The things the plan asks of `actor` now. */
export function attivitaPiano(r: RigaAttivitaPiano, actor: Actor, ctx: { now: Date; isHoliday: IsHoliday }): VoceAttivita[] {
  if (!vedeAttivitaPiani(actor)) return [];
  const voce = (codice: string, riferimento: string, azione: string, scadenza: string | null, dal: string): VoceAttivita => ({
    procedura: 'cronoprogramma',
    id: r.id,
    codice,
    riferimento,
    stato: r.stato,
    azione,
    scadenza,
    dal,
    link: linkAttivita('cronoprogramma', r.id),
  });
  const out: VoceAttivita[] = [];
  if (r.stato === 'bozza' && actor.sub !== r.creatoDa && actor.sub !== r.aggiornatoDa) {
    out.push(voce('approvazione', r.titolo, 'Approvare il piano', null, r.aggiornatoIl));
  }
  if (r.stato !== 'attivo') return out;
  if (r.revisione && r.revisione.propostaDa !== actor.sub) {
    out.push(voce(`revisione-${r.revisione.numero}`, `${r.titolo}: revisione n. ${r.revisione.numero}`, 'Decidere la revisione', null, r.revisione.propostaIl));
  }
  const fasi = fasiDaMonitorare(r.documento, ctx.now.toISOString().slice(0, 10), ctx.isHoliday);
  if (fasi.length) {
    const [prima] = fasi;
    const altre = fasi.length === 2 ? ' (e un’altra fase)' : fasi.length > 2 ? ` (e altre ${fasi.length - 1} fasi)` : '';
    out.push(
      voce(
        'monitoraggio',
        `${r.titolo}: fase ${prima.fase.numero} «${prima.fase.descrizione}» dell'indicatore ${prima.indicatore}, fine prevista ${dataItalianaBreve(prima.fase.finePrevista)}${altre}`,
        'Registrare il monitoraggio',
        // Overdue from the day after the planned end, as the plan's overdue alert.
        inizioGiorno(addDays(prima.fase.finePrevista, 1)),
        inizioGiorno(prima.dal),
      ),
    );
  }
  return out;
}
