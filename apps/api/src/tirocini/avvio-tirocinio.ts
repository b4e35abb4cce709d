import type { WorkflowStartOptions } from '@temporalio/client';
import { italianHolidays } from '@app/domain/calendar/festivita';
import { scadenzeTirocinio } from '../../../../libs/domain/src/tirocini/scadenze';
import type { TirocinioState } from '../../../../libs/domain/src/tirocini/tirocinio.state';
import { attributiAvvio } from '../../../../workflows/search-attributes';
import type { tirocinioV2Workflow } from '../../../../workflows/tirocini/tirocinio.workflow';
import { tirocinioWorkflowId, type TirocinioWorkflowInput } from '../../../../workflows/tirocini/tirocinio.types';

const festivi = italianHolidays();

/**
 * The workflow type new tirocini start with (its runs ask no patch and are started with their search attributes).
 * Runs started as `tirocinioWorkflow` go on as that type. A worker that registers it must be running before an API
 * that starts it: deploy the worker first.
 */
export const TIPO_WORKFLOW_TIROCINIO = 'tirocinioV2Workflow';

/**
 * How a tirocinio's workflow is started, by the submission and by the migration import: its id (a duplicate is
 * refused by Temporal), the search attributes of the state it starts in (listed from the start), and, when
 * the state's first deadline is a timer's, that deadline, computed as the workflow's saves compute it (the monthly
 * register reminders are the office-wide job's), so the first task runs no activity to ask it.
 */
export function avvioTirocinio(
  tirocinioId: string,
  state: TirocinioState,
  unitaMs: number,
  taskQueue: string,
  now = new Date(),
): WorkflowStartOptions<typeof tirocinioV2Workflow> {
  const scadenze = scadenzeTirocinio(state, { unitaMs, promemoriaCollettivi: true }, festivi, now);
  const input: TirocinioWorkflowInput = {
    tirocinioId,
    state,
    unitaMs,
    // A notice is told apart by the keys already used, which only the worker reads: then the run asks.
    ...(scadenze.every((s) => s.evento) ? { prossima: scadenze[0] ?? null } : {}),
  };
  return {
    taskQueue,
    workflowId: tirocinioWorkflowId(tirocinioId),
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: attributiAvvio('tirocinio', { ufficio: state.ufficio, stato: state.stato }),
  };
}
