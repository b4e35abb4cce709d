import type { Client } from '@temporalio/client';
import { waitFor } from './wait';

/**
 * Runs a Temporal Schedule now and returns the result of that very run. A run left in progress (by an earlier
 * suite's stopped worker, say) is waited out first, and a trigger the schedule skipped for overlap is repeated.
 */
export async function eseguiSchedule<T = unknown>(client: Client, scheduleId: string): Promise<T> {
  const handle = client.schedule.getHandle(scheduleId);
  const info = async () => (await handle.describe()).info;
  for (;;) {
    await waitFor(`the runs of ${scheduleId} in progress`, async () => ((await info()).runningActions.length === 0 ? true : undefined), 120_000);
    const prima = (await info()).numActionsTaken;
    await handle.trigger();
    const azione = await waitFor(
      `the run of ${scheduleId}`,
      async () => {
        const i = await info();
        return i.numActionsTaken > prima ? [...i.recentActions].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())[0] : undefined;
      },
      10_000,
    ).catch(() => undefined);
    if (azione) return client.workflow.getHandle(azione.action.workflow.workflowId, azione.action.workflow.firstExecutionRunId).result() as Promise<T>;
  }
}
