import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
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

/** Open workflows of the bench office, e.g. left by a run that crashed before its clean-up. */
export async function openWorkflowsOf(client: Client, office: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `${SA_UFFICIO.name} = '${office}' AND ExecutionStatus = 'Running'` })) {
    ids.push(wf.workflowId);
  }
  return ids;
}
