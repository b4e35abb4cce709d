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

/** How a start may differ by who starts it. */
export interface OpzioniAvvio {
  /**
   * Defer the run's first task to its first deadline (Temporal's start delay) when that deadline is a timer's and at
   * least a clock day away. For the migration import: an imported traineeship has nothing to do until its end (the
   * monthly reminders are the office-wide job's), and a first task that only starts a timer cost Temporal and the
   * worker a task, a cached workflow and a timer each, 100,000 times at a region's size. An Update (every step the
   * API sends) starts the run at once; a Query is refused (WorkflowNotReady) until it has run a task (the API sends
   * none; an operator's `temporal workflow query` or the UI's would be).
   */
  rinvia?: boolean;
}

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
  opzioni: OpzioniAvvio = {},
): WorkflowStartOptions<typeof tirocinioV2Workflow> {
  const scadenze = scadenzeTirocinio(state, { unitaMs, promemoriaCollettivi: true }, festivi, now);
  const input: TirocinioWorkflowInput = {
    tirocinioId,
    state,
    unitaMs,
    // A notice is told apart by the keys already used, which only the worker reads: then the run asks.
    ...(scadenze.every((s) => s.evento) ? { prossima: scadenze[0] ?? null } : {}),
  };
  const ritardo = opzioni.rinvia && input.prossima ? Date.parse(input.prossima.at) - now.getTime() : 0;
  return {
    taskQueue,
    workflowId: tirocinioWorkflowId(tirocinioId),
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: attributiAvvio('tirocinio', { ufficio: state.ufficio, stato: state.stato }),
    ...(ritardo >= unitaMs ? { startDelay: ritardo } : {}),
  };
}
