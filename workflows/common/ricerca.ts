import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { SA_PROCEDURA, SA_STATO, SA_UFFICIO } from '../search-attributes';

/**
 * Patch id (Temporal `patched()`), stable like the wire names: every procedure sets its search attributes (procedure,
 * office, state) from the start and at every change of state. Workflows started before it set none, or, for pratica,
 * only its state (see `storica`); their histories replay so.
 */
export const PATCH_ATTRIBUTI_RICERCA = 'search-attributes';

/** What the search attributes say of a case: its office (when known) and its state. */
export interface Ricerca {
  ufficio?: string;
  stato: string;
}

/**
 * The search attributes of one run of a procedure's workflow, by which staff list cases by procedure, office and state
 * (Temporal's UI, the bench). Call it once, at the start of the run with the state it starts in, before anything is
 * awaited: it decides there, once, whether the run sets them (the patch's marker), and sets them. The function it
 * returns is called at every change of state; a run from before the patch calls `storica` instead, if the procedure
 * did something then. `allAvvio`: every run of the workflow type is started with them (the starter's
 * `attributiAvvio`): the function only follows the changes.
 */
export function attributiDiRicerca(procedura: string, iniziale: Ricerca, storica?: () => void, allAvvio = false): (r: Ricerca) => void {
  const aggiorna = ({ ufficio, stato }: Ricerca) =>
    upsertSearchAttributes([
      { key: SA_PROCEDURA, value: procedura },
      ...(ufficio ? [{ key: SA_UFFICIO, value: ufficio }] : []),
      { key: SA_STATO, value: stato },
    ]);
  // A workflow type whose every run is started with them (`allAvvio`) neither asks the patch nor sets them again.
  if (allAvvio) return aggiorna;
  if (!patched(PATCH_ATTRIBUTI_RICERCA)) return () => storica?.();
  aggiorna(iniziale);
  return aggiorna;
}
