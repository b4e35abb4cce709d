import { defineQuery } from '@temporalio/workflow';
import type { TirocinioEvent, TirocinioState } from '../../libs/domain/src/tirocini/tirocinio.state';
import { PASSI_ISTRUTTORIA, PASSI_SVOLGIMENTO } from '../../libs/domain/src/tirocini/tirocinio.state';
import { passi } from '../common/passi';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoTirocinioQuery = defineQuery<TirocinioState>('stato');
/** The steps users send: `passiTirocinio.decisione` is the Update 'decisione', carrying that event's data. */
export const passiTirocinio = passi<TirocinioState, TirocinioEvent>()(...PASSI_ISTRUTTORIA, ...PASSI_SVOLGIMENTO);

/**
 * Patch ids (Temporal `patched()`), stable like the wire names: recorded histories carry them as markers.
 * PATCH_TETTO_PRESENZE: the monthly attendance cap became prorated to the month's days in the period
 * (tettoPresenzeMese); a presenze Update accepted before under the fixed 5-week cap is decided again with it on replay.
 */
export const PATCH_TETTO_PRESENZE = 'tirocinio-tetto-presenze-proporzionato';
/**
 * PATCH_PASSI_LOCALI: a run started since saves its steps, sends its notices and asks its deadlines with local
 * activities (run by the worker inside the workflow task), and takes the next deadline from the save's answer instead
 * of asking again. Decided once per run, at its start: a run started before keeps its task-queue activities.
 */
export const PATCH_PASSI_LOCALI = 'tirocinio-passi-locali';
/**
 * PATCH_PROMEMORIA_COLLETTIVI: a run started since leaves the monthly register reminders to the office-wide job
 * (promemoriaPresenzeWorkflow, on a Schedule): its saves record when the next one falls due, and the run no longer
 * wakes at each month start. Decided once per run, at its start: a run started before keeps reminding itself.
 */
export const PATCH_PROMEMORIA_COLLETTIVI = 'tirocinio-promemoria-collettivi';
