import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/**
 * The Temporal Schedule that keeps the inspectorates' commit-reveal periods (docs/assignment.md §3): every `ogni`
 * (an ISO 8601 or ms-style duration) it runs `periodiSorteggioWorkflow`, which publishes the coming periods'
 * commitments ahead and reveals the ended ones. Created by the worker at start-up, or brought up to date if it exists
 * (a new interval or task queue takes effect at once); one per task queue. Overlapping runs are skipped.
 */
export async function assicuraSchedulePeriodi(client: Client, taskQueue: string, ogniMs: number): Promise<string> {
  const scheduleId = `periodi-sorteggio:${taskQueue}`;
  const spec = { intervals: [{ every: ogniMs }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'periodiSorteggioWorkflow', taskQueue, args: [], workflowId: scheduleId };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 60_000 };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies } }));
  }
  // A run now, so a new deployment (or a stack started after a pause) has its periods at once.
  await client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.SKIP);
  return scheduleId;
}
