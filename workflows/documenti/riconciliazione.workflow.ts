import { proxyActivities } from '@temporalio/workflow';
import type { DocumentiActivities } from '../../activities/documenti.activities';

// A whole bucket listed: minutes on a large one; the worker heartbeats it, so a crash is noticed in 20 s.
const acts = proxyActivities<DocumentiActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 3 },
});

/** Run by a Temporal Schedule: removes objects no document row names, and aborts uploads never completed. */
export async function riconciliazioneDocumentiWorkflow(): Promise<{ versioniEsaminate: number; orfaniRimossi: number; caricamentiAnnullati: number }> {
  return acts.riconciliaDocumenti();
}
