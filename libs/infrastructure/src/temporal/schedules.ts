import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/**
 * The task queues a schedule is named after and runs on: one set of schedules per deployment (`procedure`, the
 * procedures' task queue, names them), each run on the system jobs' own queue (`sistema`), which a second Worker of
 * each worker process polls, so that a job due now does not wait behind a backlog of procedure tasks.
 */
export interface CodeSchedule {
  procedure: string;
  sistema: string;
}

/**
 * A Temporal Schedule the worker keeps: created at start-up, or brought up to date if it exists (a new interval or
 * task queue takes effect at once: a schedule created before the system queue existed moves to it), overlapping runs
 * skipped, and (unless `subito` is false) run once now so a new deployment (or a stack started after a pause) does
 * not wait for the first interval.
 */
export async function assicuraSchedule(
  client: Client,
  nome: string,
  workflowType: string,
  code: CodeSchedule,
  ogniMs: number,
  { subito = true }: { subito?: boolean } = {},
): Promise<string> {
  const scheduleId = `${nome}:${code.procedure}`;
  const spec = { intervals: [{ every: ogniMs }] };
  const action = { type: 'startWorkflow' as const, workflowType, taskQueue: code.sistema, args: [], workflowId: scheduleId };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 60_000 };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies } }));
  }
  if (subito) await client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.SKIP);
  return scheduleId;
}

/**
 * The inspectorates' commit-reveal periods (docs/assignment.md §3): every `ogniMs` `periodiSorteggioWorkflow`
 * publishes the coming periods' commitments ahead and reveals the ended ones.
 */
export const assicuraSchedulePeriodi = (client: Client, code: CodeSchedule, ogniMs: number) =>
  assicuraSchedule(client, 'periodi-sorteggio', 'periodiSorteggioWorkflow', code, ogniMs);

/** The audit trail's anchors (README, "Audit trail"): every `ogniMs` `ancoraggioWorkflow` anchors its head. */
export const assicuraScheduleAncoraggio = (client: Client, code: CodeSchedule, ogniMs: number) =>
  assicuraSchedule(client, 'ancoraggio', 'ancoraggioWorkflow', code, ogniMs);

/**
 * The audit trail's full verification (docs/audit.md): every `ogniMs` `verificaRegistroWorkflow` recomputes the whole
 * chain. Not run at start-up: it reads every row, and a restart is no reason to.
 */
export const assicuraScheduleVerificaRegistro = (client: Client, code: CodeSchedule, ogniMs: number) =>
  assicuraSchedule(client, 'verifica-registro', 'verificaRegistroWorkflow', code, ogniMs, { subito: false });

/** The documents' reconciliation (README, "Documents"): every `ogniMs` objects with no row and stale uploads go. */
export const assicuraScheduleRiconciliazione = (client: Client, code: CodeSchedule, ogniMs: number) =>
  assicuraSchedule(client, 'riconciliazione-documenti', 'riconciliazioneDocumentiWorkflow', code, ogniMs);

/**
 * The traineeships' monthly register reminders (docs/tirocini.md): every `ogniMs` `promemoriaPresenzeWorkflow` sends
 * the due ones, set-wise.
 */
export const assicuraSchedulePromemoriaPresenze = (client: Client, code: CodeSchedule, ogniMs: number) =>
  assicuraSchedule(client, 'promemoria-presenze', 'promemoriaPresenzeWorkflow', code, ogniMs);
