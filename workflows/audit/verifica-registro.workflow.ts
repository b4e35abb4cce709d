import { proxyActivities } from '@temporalio/workflow';
import type { AuditActivities, EsitoVerificaCompleta } from '../../activities/audit.activities';

// Millions of rows take minutes: the worker heartbeats for the activity while it reads (battito), so a worker that
// dies is noticed within a minute and the walk starts again on another.
const acts = proxyActivities<AuditActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 minute', maximumInterval: '10 minutes', maximumAttempts: 3 },
});

/**
 * Run by a Temporal Schedule (daily by default): the audit trail's full verification, which GET /audit/verifica
 * leaves to an explicit `completa=true` because it reads every row (docs/audit.md). Its result is the run's.
 */
export async function verificaRegistroWorkflow(): Promise<EsitoVerificaCompleta> {
  return acts.verificaRegistroCompleta();
}
