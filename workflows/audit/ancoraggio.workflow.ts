import { proxyActivities } from '@temporalio/workflow';
import type { AuditActivities } from '../../activities/audit.activities';

// One small object written: a run lost with a crashed worker is retried after 30 s, not minutes.
const acts = proxyActivities<AuditActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** Run by a Temporal Schedule: anchors the audit trail's head and the draw chains' heads in write-once storage. */
export async function ancoraggioWorkflow(): Promise<{ chiave: string; auditId: number | null } | null> {
  return acts.ancoraAudit({ motivo: 'periodica' });
}
