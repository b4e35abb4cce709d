import { proxyActivities } from '@temporalio/workflow';
import type { TirociniActivities } from '../../activities/tirocini.activities';

// Each call works for at most 45 s (its budget) and says whether it is done.
const acts = proxyActivities<TirociniActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** The most calls one run makes: 100 × 45 s; what is left is the next run's (the Schedule's next interval). */
const CHIAMATE_MASSIME = 100;

/**
 * Run by a Temporal Schedule (PROMEMORIA_PRESENZE_OGNI): the monthly register reminders of every traineeship whose
 * run leaves them to this job (PATCH_PROMEMORIA_COLLETTIVI), sent set-wise, a batch of practices per transaction,
 * instead of each traineeship waking at every month start. See TirociniActivities.promemoriaPresenzeDovuti.
 */
export async function promemoriaPresenzeWorkflow(): Promise<{ inviati: number; pratiche: number }> {
  let inviati = 0;
  let pratiche = 0;
  for (let i = 0; i < CHIAMATE_MASSIME; i++) {
    const r = await acts.promemoriaPresenzeDovuti({});
    inviati += r.inviati;
    pratiche += r.pratiche;
    if (r.finito) break;
  }
  return { inviati, pratiche };
}
