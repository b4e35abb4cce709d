import type { Actor } from '../../libs/domain/src/auth/roles';
import type { TirocinioState, TransizioneTirocinio } from '../../libs/domain/src/tirocini/tirocinio.state';
import type { ScadenzaTirocinio } from '../../libs/domain/src/tirocini/scadenze';
import type { ControlloTirocinante } from '../../libs/domain/src/tirocini/tirocini.types';
import type { ControlloSede } from '../../libs/domain/src/tirocini/dipendenti';

export const tirocinioWorkflowId = (id: string) => `tirocinio:${id}`;

/**
 * One tirocinio from its submission to the attestazione. `unitaMs` is the length of one day of the procedure's
 * clock: a real day in production; tests shrink it so a two-month traineeship runs in seconds (see orologio.ts).
 */
export interface TirocinioWorkflowInput {
  tirocinioId: string;
  /** The state right after the submission, as the API stored it with the submission's audit row. */
  state: TirocinioState;
  unitaMs: number;
  /**
   * The first deadline of `state` (its soonest, or null for none) as whoever started the run computed it, given only
   * when it is a timer's, with the monthly register reminders left to the office-wide job: a timer needs no look at
   * the notices already sent, and the run's first task asks no activity for it. Absent (older runs, or a notice due):
   * the run asks.
   */
  prossima?: ScadenzaTirocinio | null;
}

export interface ConAttore {
  actor: Actor;
  requestId?: string;
}

/** What the API's checks read from the registry, recorded with the step (absent in the Updates of older histories). */
export interface Controlli {
  controlloSede?: ControlloSede;
  controlloTirocinante?: ControlloTirocinante;
}

export interface SalvaTirocinioInput {
  tirocinioId: string;
  /** Unique per accepted event: a retried save writes nothing twice. */
  eventKey: string;
  transition: TransizioneTirocinio;
  state: TirocinioState;
  requestId?: string;
  /** The roles of whoever made the step (absent for timers and the system), for the audit trail. */
  ruoli?: string[];
  /**
   * Given: the save answers the saved state's next deadline (DopoSalvataggio), as prossimaScadenzaTirocinio would at
   * `now` (the workflow's instant, ISO); absent in older histories.
   */
  programma?: { unitaMs: number; now: string; promemoriaCollettivi?: boolean };
}

/** What a save given `programma` answers: the saved state's next deadline, as prossimaScadenzaTirocinio would. */
export interface DopoSalvataggio {
  prossima: ScadenzaTirocinio | null;
}

export interface ScadenzaTirocinioInput {
  tirocinioId: string;
  state: TirocinioState;
  unitaMs: number;
  /** Real instant (ISO) the workflow asks at. */
  now: string;
  /** The monthly register reminders are the office-wide job's (PATCH_PROMEMORIA_COLLETTIVI): not in the answer. */
  promemoriaCollettivi?: boolean;
}

export interface EseguiScadenzaInput {
  tirocinioId: string;
  state: TirocinioState;
  scadenza: ScadenzaTirocinio;
}

export type EsitoChiusura = { emessa: true; documentoId: string; sha256: string; percentuale: string } | { emessa: false; motivo: string; percentuale: string };
