import { getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { AuditActivities } from '../../activities/audit.activities';
import type { SorteggiActivities } from '../../activities/sorteggi.activities';
import { riprovaSorteggioSignal } from './ispezione.messages';

const acts = proxyActivities<SorteggiActivities & AuditActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** The id of the Temporal Schedule that runs `periodiSorteggioWorkflow` (created by the worker at start-up). */
export const SCHEDULE_PERIODI_SORTEGGIO = 'periodi-sorteggio';

/**
 * Run by a Temporal Schedule (every few minutes): for each inspectorate, publish ahead the commitments of the coming
 * commit-reveal periods, reveal the periods that have ended with the chain head at that moment, and wake the
 * requests that were waiting for a period. One inspectorate failing does not stop the others.
 */
export async function periodiSorteggioWorkflow(): Promise<{ creati: number; rivelati: number; risvegliati: number; errori: string[] }> {
  let creati = 0;
  let rivelati = 0;
  let risvegliati = 0;
  const errori: string[] = [];
  for (const ispettorato of await acts.ispettoratiAttivi()) {
    try {
      const r = await acts.manutenzioneIspettorato({ ispettorato });
      creati += r.creati.length;
      rivelati += r.rivelati.length;
      for (const id of r.daRisvegliare) {
        // A request closed or gone since needs no waking.
        await getExternalWorkflowHandle(id)
          .signal(riprovaSorteggioSignal)
          .then(
            () => risvegliati++,
            () => undefined,
          );
      }
    } catch (e) {
      errori.push(`${ispettorato}: ${(e as Error).message}`);
    }
  }
  // Each reveal publishes a chain head: anchored at once in write-once storage, with the audit trail's head.
  if (rivelati > 0) await acts.ancoraAudit({ motivo: 'rivelazione' });
  return { creati, rivelati, risvegliati, errori };
}
