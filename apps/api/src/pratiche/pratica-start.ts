import type { WorkflowStartOptions } from '@temporalio/client';
import { attributiAvvio } from '../../../../workflows/search-attributes';
import type { praticaWorkflow } from '../../../../workflows/pratiche/pratica.workflow';
import { praticaWorkflowId, type PraticaWorkflowInput } from '../../../../workflows/pratiche/pratica.types';

/**
 * How a pratica workflow is started: its business-key id (a duplicate is refused by Temporal, even after the run
 * closed) and the search attributes that list it by procedure, office and state. Shared by the API and the bench.
 */
export function praticaStartOptions(input: PraticaWorkflowInput, taskQueue: string): WorkflowStartOptions<typeof praticaWorkflow> {
  return {
    taskQueue,
    workflowId: praticaWorkflowId(input.ufficio, input.protocollo),
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: attributiAvvio('pratica', { ufficio: input.ufficio, stato: 'aperta' }),
  };
}
