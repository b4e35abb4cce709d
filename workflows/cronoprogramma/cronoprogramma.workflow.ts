import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CronoprogrammaActivities } from '../../activities/cronoprogramma.activities';
import type { Scadenza } from '../../libs/domain/src/cronoprogramma/scadenze';
import { attributiDiRicerca } from '../common/ricerca';
import { pianoModificatoSignal, prossimaScadenzaQuery } from './cronoprogramma.messages';
import type { CronoprogrammaWorkflowInput, CronoprogrammaWorkflowResult } from './cronoprogramma.types';

const acts = proxyActivities<CronoprogrammaActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** Deadlines handled per run before the history is handed to a fresh run (bounded history for a year-long plan). */
const PER_RUN = 200;

/**
 * Follows a plan's deadlines until its close date: asks which deadline comes next (the rules live in
 * `scadenzeDelPiano`), sleeps until then unless the plan changes first (then plans again), and executes it.
 */
export async function cronoprogrammaWorkflow(input: CronoprogrammaWorkflowInput): Promise<CronoprogrammaWorkflowResult> {
  // The workflow follows an approved plan ('attivo') until its close freezes it; the plan's other changes are the API's.
  const ricerca = attributiDiRicerca('cronoprogramma', { ufficio: input.ufficio, stato: 'attivo' });
  let modificato = false;
  let attesa: Scadenza | null = null;
  setHandler(pianoModificatoSignal, () => {
    modificato = true;
  });
  setHandler(prossimaScadenzaQuery, () => attesa);
  for (let i = 0; i < PER_RUN; i++) {
    modificato = false;
    const next = await acts.prossimaScadenza({ pianoId: input.pianoId, now: new Date().toISOString() });
    attesa = next;
    if (!next) return 'nessuna-scadenza';
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => modificato, wait))) continue;
    if (modificato) continue;
    await acts.eseguiScadenza({ pianoId: input.pianoId, scadenza: next });
    if (next.tipo === 'chiusura') {
      ricerca({ ufficio: input.ufficio, stato: 'congelato' });
      return 'congelato';
    }
  }
  return continueAsNew<typeof cronoprogrammaWorkflow>(input);
}
