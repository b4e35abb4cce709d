import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { AppConfig } from '../../libs/infrastructure/src/config/app-config';
import { temporalConnectionOptions } from '../../libs/infrastructure/src/temporal/connection-options';
import { SA_UFFICIO } from '../../workflows/search-attributes';
import { runPool } from './pool';

/** A Temporal client on the namespace the stack uses, connected the way the API connects (one connection). */
export async function connectTemporal(config: AppConfig): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), close: () => connection.close() };
}

/**
 * Terminates the given workflows (a pratica waits for a decision forever, so the bench namespace would otherwise
 * collect open runs). Those already closed are skipped. Returns how many it terminated.
 */
export async function terminateAll(client: Client, workflowIds: string[], concurrency = 16): Promise<number> {
  let terminated = 0;
  await runPool(workflowIds.length, concurrency, async (i) => {
    try {
      await client.workflow.getHandle(workflowIds[i]).terminate('benchmark finished');
      terminated++;
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
    }
  });
  return terminated;
}

/**
 * Terminates every running workflow of `office` with one batch operation run by the server (what `temporal workflow
 * terminate --query` does), instead of one call per workflow: at 94,000 open runs the calls one by one went at a few
 * per second. The server's rate is the lower of `maxPerSecond` and its `worker.batcherRPS` (infra/services.sh raises
 * the dev server's). Waits for the operation to end (at most `timeoutMs`) and returns its counts.
 */
export async function terminateOffice(
  client: Client,
  office: string,
  { maxPerSecond = 1000, timeoutMs = 30 * 60_000 }: { maxPerSecond?: number; timeoutMs?: number } = {},
): Promise<{ total: number; terminated: number; failed: number; completed: boolean }> {
  const namespace = client.options.namespace;
  const jobId = `bench-terminate-${randomUUID()}`;
  await client.workflowService.startBatchOperation({
    namespace,
    jobId,
    visibilityQuery: `${SA_UFFICIO.name} = '${office}' AND ExecutionStatus = 'Running'`,
    reason: 'benchmark finished',
    maxOperationsPerSecond: maxPerSecond,
    terminationOperation: { identity: 'bench' },
  });
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await client.workflowService.describeBatchOperation({ namespace, jobId });
    const counts = { total: Number(d.totalOperationCount), terminated: Number(d.completeOperationCount), failed: Number(d.failureOperationCount) };
    const state = d.state as temporal.api.enums.v1.BatchOperationState;
    if (state !== temporal.api.enums.v1.BatchOperationState.BATCH_OPERATION_STATE_RUNNING) return { ...counts, completed: true };
    if (Date.now() > end) return { ...counts, completed: false };
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Open workflows of the bench office, e.g. left by a run that crashed before its clean-up. */
export async function openWorkflowsOf(client: Client, office: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `${SA_UFFICIO.name} = '${office}' AND ExecutionStatus = 'Running'` })) {
    ids.push(wf.workflowId);
  }
  return ids;
}
